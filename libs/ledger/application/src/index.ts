export { type Clock, systemClock, ManualClock, FileClock } from './clock';
export { deterministicUuid } from './deterministic-id';
export { UpcasterRegistry, type Upcaster, type StoredDomainEvent } from './upcasting';
export { type Aggregate, campaignAggregate, checklistAggregate, inspectionAggregate, ledgerEntryAggregate } from './aggregates';
export { NotFoundError, ForbiddenError } from './application-errors';
export { CommandExecutor, idempotencyOwnerOf, type CommandContext, type CommandResult, type LoadedStream } from './command-executor';
export {
  LedgerCommandService,
  type CommandInput,
  type PriorSignOffLookup,
  type RecordProblemInput,
  type ForwardCampaignInput,
} from './ledger-command.service';
export { ReportCommandService, reportAggregate, type RequestReportInput, type SubmitReportInput } from './report-command.service';
export { EscalationSweepService, escalationKey, ESCALATION_ACTOR_ID, type EscalationSweepOptions, type EscalationSweepProgress, type EscalationSweepResult } from './escalation-sweep.service';
export {
  ReadModelEscalationPolicySource,
  defaultPolicySource,
  policySnapshot,
  type EscalationPolicySource,
  type EscalationPolicySnapshot,
} from './escalation-policy.source';
