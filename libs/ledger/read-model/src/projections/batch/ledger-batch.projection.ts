import type { RecordedEvent } from '@rectify/event-store-core';
import { EVENT_SCHEMA_VERSIONS, type LedgerEntryEvent } from '@rectify/ledger-domain';
import type { EntityManager } from 'typeorm';
import { CAMPAIGN_HANDLERS } from '../campaign.projection';
import { CHECKLIST_HANDLERS } from '../checklist.projection';
import { LedgerProjection } from '../ledger.projection';
import { REPORT_HANDLERS } from '../report.projection';
import type { Projection } from '../projection';
import { LedgerBatchSegment } from './ledger-batch-segment';

/** The high-volume types the set-based path folds; everything else is applied per event. */
export const BATCHED_EVENT_TYPES: ReadonlySet<string> = new Set<LedgerEntryEvent['type'] | 'VillageItemChecked'>([
  'VillageItemChecked',
  'ProblemRecorded',
  'RectificationPlanned',
  'ProgressReported',
  'ResultSubmitted',
  'SignOffApproved',
  'SignOffRejected',
  'DeadlineExtensionRequested',
  'DeadlineExtensionApproved',
  'DeadlineExtensionRejected',
  'EntryEscalated',
  'EntryVoided',
]);

/** Batched only at the schema version the handlers understand; any other version goes per event (and fails there, loudly). */
export function isBatched(event: RecordedEvent): boolean {
  return BATCHED_EVENT_TYPES.has(event.type) && EVENT_SCHEMA_VERSIONS[event.type as keyof typeof EVENT_SCHEMA_VERSIONS] === event.schemaVersion;
}

/**
 * Types whose per-event handlers neither read nor write the tables a `LedgerBatchSegment` holds back
 * until its end (ledger entries, inspection cells, recurrence index, roll-up counters): campaigns,
 * checklists and reports. A segment runs across them; any other per-event type (one added later, or
 * a batched type at an unknown schema version) ends the segment first.
 */
const SEGMENT_INDEPENDENT_TYPES: ReadonlySet<string> = new Set([...Object.keys(CAMPAIGN_HANDLERS), ...Object.keys(CHECKLIST_HANDLERS), ...Object.keys(REPORT_HANDLERS)]);

/**
 * The ledger projection, set-based: a page of events is cut into runs of batched events (entry life
 * and inspection checks), folded in memory and written with a few statements per segment
 * (`LedgerBatchSegment`); every other event — campaigns, checklists, reports, and any type this class
 * does not know, including types added after it was written — is applied by the per-event
 * projection (`fallback`, the `LedgerProjection` by default) in its place in the order. Campaign,
 * checklist and report events touch none of the segment's tables, so a segment runs across them and
 * a page is usually written once; any other per-event type is applied after the segment before it
 * has been written. The per-event projection stays the definition of truth: the runs use
 * its pure functions, and `ledger-batch.projection.int-spec.ts` proves both produce the same tables.
 *
 * It is still a `Projection`: `apply` (one event) is the fallback's. `ProjectionBatchApplier` calls
 * `applyMany` inside the page's transaction, so rows and checkpoint still commit together.
 */
export class LedgerBatchProjection implements Projection {
  readonly name: string;
  private readonly fallback: Projection;

  constructor(name = 'ledger', fallback?: Projection) {
    this.name = name;
    this.fallback = fallback ?? new LedgerProjection(name);
  }

  apply(manager: EntityManager, event: RecordedEvent): Promise<void> {
    return this.fallback.apply(manager, event);
  }

  async applyMany(manager: EntityManager, events: readonly RecordedEvent[]): Promise<void> {
    let segment: RecordedEvent[] = [];
    for (const event of events) {
      if (isBatched(event) || SEGMENT_INDEPENDENT_TYPES.has(event.type)) {
        segment.push(event);
        continue;
      }
      // The per-event handler may read or write what the segment holds: write the segment first,
      // and the next one re-reads what it changed.
      await this.applySegment(manager, segment);
      segment = [];
      await this.fallback.apply(manager, event);
    }
    await this.applySegment(manager, segment);
  }

  /**
   * Batched events with campaign, checklist and report events between them: the batched ones are
   * folded run by run, each per-event one is applied in its place (it may write a campaign or
   * checklist row the next run reads), and the segment's rows are written once at the end.
   */
  private async applySegment(manager: EntityManager, events: readonly RecordedEvent[]): Promise<void> {
    if (events.length === 0) return;
    const segment = new LedgerBatchSegment(manager);
    await segment.begin(events.filter(isBatched));
    let run: RecordedEvent[] = [];
    for (const event of events) {
      if (isBatched(event)) {
        run.push(event);
        continue;
      }
      await segment.fold(run);
      run = [];
      await this.fallback.apply(manager, event);
      segment.forgetCampaigns();
    }
    await segment.fold(run);
    await segment.write();
  }
}
