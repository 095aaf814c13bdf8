import type { RecordedEvent } from '@rectify/event-store-core';
import { EVENT_SCHEMA_VERSIONS, type LedgerEntryEvent } from '@rectify/ledger-domain';
import type { EntityManager } from 'typeorm';
import { LedgerProjection } from '../ledger.projection';
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
 * The ledger projection, set-based: a page of events is cut into runs of batched events (entry life
 * and inspection checks), each folded in memory and written with a few statements
 * (`LedgerBatchSegment`); every other event — campaigns, checklists, reports, and any type this class
 * does not know, including types added after it was written — is applied by the per-event
 * projection (`fallback`, the `LedgerProjection` by default) in its place in the order, after the run
 * before it has been written. The per-event projection stays the definition of truth: the runs use
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
    let run: RecordedEvent[] = [];
    for (const event of events) {
      if (isBatched(event)) {
        run.push(event);
        continue;
      }
      // The fallback sees every row the events before it produced, and the next run re-reads what it changed.
      await new LedgerBatchSegment(manager).project(run);
      run = [];
      await this.fallback.apply(manager, event);
    }
    await new LedgerBatchSegment(manager).project(run);
  }
}
