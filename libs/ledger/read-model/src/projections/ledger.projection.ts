import type { RecordedEvent } from '@rectify/event-store-core';
import type { LedgerDomainEventType, ReportDomainEventType } from '@rectify/ledger-domain';
import type { EntityManager } from 'typeorm';
import { CAMPAIGN_HANDLERS } from './campaign.projection';
import { CHECKLIST_HANDLERS } from './checklist.projection';
import { INSPECTION_HANDLERS } from './inspection.projection';
import { LEDGER_ENTRY_HANDLERS } from './ledger-entry.projection';
import type { Projection, ProjectionHandler } from './projection';
import { REPORT_HANDLERS } from './report.projection';

const HANDLERS: Record<LedgerDomainEventType | ReportDomainEventType, ProjectionHandler> = {
  ...CAMPAIGN_HANDLERS,
  ...CHECKLIST_HANDLERS,
  ...INSPECTION_HANDLERS,
  ...LEDGER_ENTRY_HANDLERS,
  ...REPORT_HANDLERS,
};

/** Every ledger read model (entries, coverage, roll-ups, campaigns, checklists, recurrence index, reports). */
export class LedgerProjection implements Projection {
  constructor(readonly name = 'ledger') {}

  async apply(manager: EntityManager, event: RecordedEvent): Promise<void> {
    const handler = HANDLERS[event.type as LedgerDomainEventType | ReportDomainEventType];
    // Events this projection does not know (other bounded contexts) are skipped, not errors.
    if (handler === undefined) return;
    await handler(manager, event);
  }
}
