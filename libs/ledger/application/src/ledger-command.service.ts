import type { EventStore } from '@rectify/event-store-core';
import {
  DomainError,
  forwardingFollowUps,
  streamIds,
  type CampaignCommand,
  type CampaignForwarded,
  type CampaignState,
  type ChecklistCommand,
  type ChecklistVersionState,
  type CommandMetadata,
  type ForwardCampaign,
  type InspectionCommand,
  type LedgerEntryCommand,
  type PriorSignOff,
  type RecordProblem,
} from '@rectify/ledger-domain';
import type { Principal } from '@rectify/tenancy';
import { campaignAggregate, checklistAggregate, inspectionAggregate, ledgerEntryAggregate } from './aggregates';
import { NotFoundError } from './application-errors';
import type { Clock } from './clock';
import { CommandExecutor, idempotencyOwnerOf, type CommandContext, type CommandResult } from './command-executor';
import { deterministicUuid } from './deterministic-id';
import type { UpcasterRegistry } from './upcasting';

/** A command as a client sends it: the handler adds `metadata` (time, actor, tenant). */
export type CommandInput<C> = C extends { metadata: CommandMetadata } ? Omit<C, 'metadata'> : never;

/** The recurrence index (a read model): signed-off entries of a village × item. */
export interface PriorSignOffLookup {
  priorSignedOff(villageCode: string, itemNo: number): Promise<PriorSignOff[]>;
}

export type RecordProblemInput = Omit<CommandInput<RecordProblem>, 'entryId' | 'campaignDeadlines' | 'priorSignedOff'>;
export type ForwardCampaignInput = Omit<CommandInput<ForwardCampaign>, 'parentChecklist' | 'childCampaignId' | 'childChecklistVersionId'>;

/**
 * The ledger's command side, shared by the API and the worker. Each method runs one domain
 * command through the executor; the few that need more (a lookup, follow-up streams) say so.
 */
export class LedgerCommandService {
  readonly executor: CommandExecutor;
  private readonly checklistItems = new Map<string, ReadonlySet<number>>();

  constructor(
    store: EventStore,
    clock: Clock,
    private readonly priorSignOffs: PriorSignOffLookup,
    upcasters?: UpcasterRegistry,
  ) {
    this.executor = new CommandExecutor(store, clock, upcasters);
  }

  async campaign(input: CommandInput<CampaignCommand>, context: CommandContext): Promise<CommandResult<CampaignState>> {
    // a campaign may only be issued with, or revised to, a checklist version the caller may see
    // (its own subtree's, or one issued down to it): NOT_FOUND for a sibling county's, as for a missing one
    if (input.type === 'IssueCampaign' || input.type === 'ReviseChecklist') {
      const { state } = await this.executor.load(checklistAggregate, streamIds.checklist(input.checklistVersionId), context.principal);
      if (!state) throw new NotFoundError(streamIds.checklist(input.checklistVersionId));
    }
    return this.executor.execute(campaignAggregate, streamIds.campaign(input.campaignId), (_s, metadata) => ({ ...input, metadata }) as CampaignCommand, context);
  }

  checklist(input: CommandInput<ChecklistCommand>, context: CommandContext): Promise<CommandResult<ChecklistVersionState>> {
    return this.executor.execute(checklistAggregate, streamIds.checklist(input.versionId), (_s, metadata) => ({ ...input, metadata }) as ChecklistCommand, context);
  }

  async inspection(input: CommandInput<InspectionCommand>, context: CommandContext): Promise<CommandResult<unknown>> {
    const campaign = await this.loadCampaign(input.campaignId, context.principal);
    await this.assertItemInChecklist(campaign, input.itemNo, context.principal);
    return this.executor.execute(
      inspectionAggregate,
      streamIds.inspection(input.campaignId, input.villageCode),
      (_s, metadata) => ({ ...input, metadata }),
      context,
    );
  }

  entry(input: CommandInput<Exclude<LedgerEntryCommand, RecordProblem>>, context: CommandContext): Promise<CommandResult<unknown>> {
    return this.executor.execute(ledgerEntryAggregate, streamIds.entry(input.entryId), (_s, metadata) => ({ ...input, metadata }) as LedgerEntryCommand, context);
  }

  /**
   * 对照排查发现问题: the entry id derives from the caller (or the context's idempotency scope) and the idempotency key; the campaign's
   * deadlines and the village × item's earlier sign-offs (屡改屡犯) are looked up first.
   */
  async recordProblem(input: RecordProblemInput, context: CommandContext): Promise<CommandResult<unknown> & { entryId: string }> {
    const campaign = await this.loadCampaign(input.campaignId, context.principal);
    await this.assertItemInChecklist(campaign, input.itemNo, context.principal);
    const entryId = deterministicUuid('entry', idempotencyOwnerOf(context), context.idempotencyKey);
    const priorSignedOff = await this.priorSignOffs.priorSignedOff(input.villageCode, input.itemNo);
    const result = await this.executor.execute(
      ledgerEntryAggregate,
      streamIds.entry(entryId),
      (_s, metadata): RecordProblem => ({ ...input, type: 'RecordProblem', metadata, entryId, campaignDeadlines: campaign.deadlines, priorSignedOff }),
      context,
    );
    return { ...result, entryId };
  }

  /**
   * 转发: CampaignForwarded on the parent's stream is the commitment; the child's checklist version
   * and campaign streams follow from it. Both follow-ups are idempotent, so a retry of the same
   * command (same key) completes a forward that stopped half-way.
   */
  async forwardCampaign(
    input: ForwardCampaignInput,
    context: CommandContext,
  ): Promise<CommandResult<CampaignState> & { childCampaignId: string; childChecklistVersionId: string }> {
    const parent = await this.loadCampaign(input.campaignId, context.principal);
    const checklist = await this.executor.load(checklistAggregate, streamIds.checklist(parent.checklistVersionId), context.principal);
    const parentChecklist = checklist.state;
    if (!parentChecklist) throw new NotFoundError(streamIds.checklist(parent.checklistVersionId));
    const childCampaignId = deterministicUuid('campaign', context.principal.userId, context.idempotencyKey);
    const childChecklistVersionId = deterministicUuid('checklist', context.principal.userId, context.idempotencyKey);
    const result = await this.executor.execute(
      campaignAggregate,
      streamIds.campaign(parent.campaignId),
      (_s, metadata): ForwardCampaign => ({
        ...input,
        type: 'ForwardCampaign',
        metadata,
        childCampaignId,
        childChecklistVersionId,
        parentChecklist: { versionId: parentChecklist.versionId, items: parentChecklist.items },
      }),
      context,
    );
    const forwarded = result.state?.forwards.find((f) => f.childCampaignId === childCampaignId);
    if (!result.state || !forwarded) throw new NotFoundError(streamIds.campaign(childCampaignId));
    const event = await this.forwardedEvent(parent.campaignId, childCampaignId, context.principal);
    const followUps = forwardingFollowUps(result.state, event, parentChecklist.items, this.executor.metadataFor(context.principal));
    const follow = { ...context, expectedVersion: undefined, idempotencyKey: `${context.idempotencyKey}/follow-up` };
    await this.executor.execute(checklistAggregate, streamIds.checklist(childChecklistVersionId), () => followUps.deriveChecklist, follow);
    await this.executor.execute(campaignAggregate, streamIds.campaign(childCampaignId), () => followUps.receiveCampaign, follow);
    return { ...result, childCampaignId, childChecklistVersionId };
  }

  /**
   * Villages are checked, and problems recorded, only against items of the campaign's current
   * checklist version. Versions never change once defined, so their item numbers are cached.
   */
  private async assertItemInChecklist(campaign: NonNullable<CampaignState>, itemNo: number, principal: Principal): Promise<void> {
    let items = this.checklistItems.get(campaign.checklistVersionId);
    if (!items) {
      const { state } = await this.executor.load(checklistAggregate, streamIds.checklist(campaign.checklistVersionId), principal);
      if (!state) throw new NotFoundError(streamIds.checklist(campaign.checklistVersionId));
      items = new Set(state.items.map((i) => i.itemNo));
      this.checklistItems.set(campaign.checklistVersionId, items);
    }
    if (!items.has(itemNo)) {
      throw new DomainError('LEDGER_ITEM_NOT_IN_CHECKLIST', `排查项目 ${itemNo} 不在该专项行动的排查清单中`, { field: 'itemNo', itemNo });
    }
  }

  private async loadCampaign(campaignId: string, principal: Principal): Promise<NonNullable<CampaignState>> {
    const { state } = await this.executor.load(campaignAggregate, streamIds.campaign(campaignId), principal);
    if (!state) throw new NotFoundError(streamIds.campaign(campaignId));
    return state;
  }

  private async forwardedEvent(campaignId: string, childCampaignId: string, principal: Principal): Promise<CampaignForwarded> {
    const { events } = await this.executor.load(campaignAggregate, streamIds.campaign(campaignId), principal);
    const found = events.find((e) => e.type === 'CampaignForwarded' && (e.data as { childCampaignId?: string }).childCampaignId === childCampaignId);
    if (!found) throw new NotFoundError(streamIds.campaign(childCampaignId));
    return { type: 'CampaignForwarded', schemaVersion: 1, data: found.data as CampaignForwarded['data'] };
  }
}
