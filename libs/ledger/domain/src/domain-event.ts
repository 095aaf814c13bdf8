import { type CampaignEvent } from './campaign/campaign.types';
import { type ChecklistEvent } from './checklist/checklist-version';
import { type LedgerEntryEvent } from './entry/ledger-entry.types';
import { type InspectionEvent } from './inspection/village-inspection';

/** What the event store receives: a past-tense type, its schema version and plain-JSON data. */
export type DomainEvent = { type: string; schemaVersion: number; data: object };

/** Every event this library defines. */
export type LedgerDomainEvent = CampaignEvent | ChecklistEvent | InspectionEvent | LedgerEntryEvent;

export type LedgerDomainEventType = LedgerDomainEvent['type'];

/** The current schema version of each event type (all start at 1). */
export const EVENT_SCHEMA_VERSIONS: Record<LedgerDomainEventType, number> = {
  CampaignIssued: 1,
  CampaignChecklistRevised: 1,
  CampaignForwarded: 1,
  CampaignReceived: 1,
  CampaignClosed: 1,
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
};

/** Folds a stream's events into its state: `fold(evolveLedgerEntry, initialLedgerEntryState, events)`. */
export function fold<S, E>(evolve: (state: S, event: E) => S, initial: S, events: Iterable<E>): S {
  let state = initial;
  for (const event of events) state = evolve(state, event);
  return state;
}
