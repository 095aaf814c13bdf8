import { type CampaignEvent } from './campaign/campaign.types';
import { type ChecklistEvent } from './checklist/checklist-version';
import { type LedgerEntryEvent } from './entry/ledger-entry.types';
import { type InspectionEvent } from './inspection/village-inspection';
import { type ReportEvent } from './report/report.types';

/** What the event store receives: a past-tense type, its schema version and plain-JSON data. */
export type DomainEvent = { type: string; schemaVersion: number; data: object };

/** Every event this library defines. */
export type LedgerDomainEvent = CampaignEvent | ChecklistEvent | InspectionEvent | LedgerEntryEvent;

export type LedgerDomainEventType = LedgerDomainEvent['type'];

/**
 * Events of the report streams (`report-{reportId}`). Kept out of LedgerDomainEvent: the ledger read
 * model does not project them (it skips unknown types).
 */
export type ReportDomainEventType = ReportEvent['type'];

/** The current schema version of each event type (all start at 1). */
export const EVENT_SCHEMA_VERSIONS: Record<LedgerDomainEventType | ReportDomainEventType, number> = {
  CampaignIssued: 1,
  CampaignChecklistRevised: 1,
  CampaignForwarded: 1,
  CampaignReceived: 1,
  CampaignClosed: 1,
  CampaignEscalationPolicySet: 1,
  ChecklistVersionDefined: 1,
  VillageItemChecked: 1,
  ProblemRecorded: 1,
  RectificationPlanned: 1,
  ProgressReported: 1,
  ResultSubmitted: 1,
  SignOffApproved: 1,
  SignOffRejected: 1,
  DeadlineExtensionRequested: 1,
  DeadlineExtensionApproved: 1,
  DeadlineExtensionRejected: 1,
  EntryEscalated: 1,
  EntryVoided: 1,
  ReportRequested: 1,
  ReportFileRecorded: 1,
  ReportSubmitted: 1,
  ReportAccepted: 1,
  ReportReturned: 1,
};

/** Folds a stream's events into its state: `fold(evolveLedgerEntry, initialLedgerEntryState, events)`. */
export function fold<S, E>(evolve: (state: S, event: E) => S, initial: S, events: Iterable<E>): S {
  let state = initial;
  for (const event of events) state = evolve(state, event);
  return state;
}
