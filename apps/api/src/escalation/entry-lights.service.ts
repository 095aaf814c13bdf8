import { Inject, Injectable } from '@nestjs/common';
import { computeEntryLight, snapshotOfEntry, type EntryLight, type EntryLightSnapshot, type Light } from '@rectify/escalation';
import { LedgerCommandService, ledgerEntryAggregate, type Clock, type EscalationPolicySnapshot, type EscalationPolicySource } from '@rectify/ledger-application';
import { shanghaiDateOf, streamIds, type EscalationLevel } from '@rectify/ledger-domain';
import { EscalationQueryService, type LedgerEntryEntity } from '@rectify/ledger-read-model';
import type { Principal } from '@rectify/tenancy';
import { CLOCK } from '../infrastructure/tokens';

export interface LitEntry {
  readonly row: LedgerEntryEntity;
  readonly light: EntryLight;
}

export interface LitPage {
  readonly items: LitEntry[];
  readonly endCursor: string | null;
  readonly hasNextPage: boolean;
}

/** The campaigns' escalation policies (ReadModelEscalationPolicySource in the API). */
export const ESCALATION_POLICY_SOURCE = Symbol('ESCALATION_POLICY_SOURCE');

/** Rows read per call at most while looking for `first` entries of the asked light. */
const SCAN_LIMIT = 2_000;
const SCAN_PAGE = 200;

/** The light snapshot of a read-model row (long-term plans need their milestones: read from the stream). */
export function snapshotOfRow(row: LedgerEntryEntity): EntryLightSnapshot {
  const escalations: { level: EscalationLevel; on: string }[] = [];
  if (row.countyEscalatedOn) escalations.push({ level: 'county', on: row.countyEscalatedOn });
  if (row.cityEscalatedOn) escalations.push({ level: 'city', on: row.cityEscalatedOn });
  return {
    status: row.status,
    recordedOn: row.openedOn,
    plannedOn: row.plannedOn,
    originalDueDate: row.originalDueDate,
    approvedExtensionDueDate: row.dueDate !== null && row.dueDate !== row.originalDueDate ? row.dueDate : null,
    pendingExtension: row.pendingExtensionDate ? { requestedDate: row.pendingExtensionDate, requestedOn: row.pendingExtensionOn ?? row.openedOn } : null,
    lastProgressOn: row.lastActivityOn,
    escalations,
    milestones: [],
  };
}

/**
 * 红黄绿灯, derived on read with @rectify/escalation as of the clock's Asia/Shanghai date (the API's
 * clock: tests move it). Open entries in scope are read in keyset pages from the read model; only
 * long-term (长效) entries are folded from their stream (their milestones are not in the row).
 * Each entry is judged by its campaign's effective policy (own, inherited, or the defaults), read
 * once per call.
 */
@Injectable()
export class EntryLightsService {
  constructor(
    @Inject(EscalationQueryService) private readonly entries: EscalationQueryService,
    @Inject(LedgerCommandService) private readonly commands: LedgerCommandService,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ESCALATION_POLICY_SOURCE) private readonly policySource: EscalationPolicySource,
  ) {}

  /** Every campaign's policy at once, for the entries of one request. */
  policies(): Promise<EscalationPolicySnapshot> {
    return this.policySource.snapshot();
  }

  today(): string {
    return shanghaiDateOf(this.clock.now());
  }

  async lights(principal: Principal, filter: { light?: Light | null; escalationLevel?: EscalationLevel | 'none' | null }, page: { first: number; after?: string | null }): Promise<LitPage> {
    const today = this.today();
    const policies = await this.policies();
    const items: LitEntry[] = [];
    let after = page.after ?? null;
    let scanned = 0;
    for (;;) {
      const rows = await this.entries.openEntries(principal.tenantPath, { first: SCAN_PAGE, after, escalationLevel: filter.escalationLevel ?? null });
      for (const [index, row] of rows.items.entries()) {
        scanned++;
        const light = await this.lightOf(row, today, principal, policies);
        if (!filter.light || light.light === filter.light) items.push({ row, light });
        if (items.length === page.first) {
          const more = index < rows.items.length - 1 || rows.hasNextPage;
          return { items, endCursor: more ? this.cursorAt(rows.endCursor, rows.items, index) : null, hasNextPage: more };
        }
      }
      after = rows.endCursor;
      if (!rows.hasNextPage) return { items, endCursor: null, hasNextPage: false };
      // a long scan stops here; the cursor carries on where it stopped
      if (scanned >= SCAN_LIMIT) return { items, endCursor: after, hasNextPage: true };
    }
  }

  async lightOf(row: LedgerEntryEntity, today: string, principal: Principal, policies: EscalationPolicySnapshot): Promise<EntryLight> {
    const policy = policies.policyFor(row.campaignId);
    if (row.deadlineClass !== 'long_term') return computeEntryLight(snapshotOfRow(row), today, policy);
    const { state } = await this.commands.executor.load(ledgerEntryAggregate, streamIds.entry(row.entryId), principal);
    return computeEntryLight(state ? snapshotOfEntry(state) : snapshotOfRow(row), today, policy);
  }

  /** The cursor of a row inside a page: the query service's cursor format for that row's id. */
  private cursorAt(endCursor: string | null, rows: LedgerEntryEntity[], index: number): string | null {
    if (index === rows.length - 1) return endCursor;
    return Buffer.from(`lights:${rows[index].entryId}`).toString('base64url');
  }
}
