import {
  evolveCampaign,
  evolveChecklist,
  evolveLedgerEntry,
  initialCampaignState,
  initialChecklistVersionState,
  initialLedgerEntryState,
  isDomainError,
  streamIds,
  type CampaignEvent,
  type CampaignState,
  type ChecklistEvent,
  type ChecklistVersionState,
  type DomainEvent,
  type LedgerEntryEvent,
  type LedgerEntryState,
  type TenantRef,
} from '@rectify/ledger-domain';
import { isWithinScope } from '@rectify/tenancy';
import { AuditError, AuditErrorCode } from '../audit-error';

/**
 * The streams an auditor can read the history of, with the same fold and the same visibility rule
 * as the command side (`CommandExecutor.load` with the aggregates of `@rectify/ledger-application`):
 * an entry is visible in its tenant's subtree; a campaign or checklist version also to the tenants
 * below its owner (they work against it).
 */
export interface AuditedStream<S> {
  readonly kind: 'entry' | 'campaign' | 'checklist';
  readonly streamId: (id: string) => string;
  readonly initial: S;
  readonly evolve: (state: S, event: DomainEvent) => S;
  readonly tenantOf: (state: S) => TenantRef | null;
  readonly visibility: 'subtree' | 'subtree_and_ancestors';
}

export const entryStream: AuditedStream<LedgerEntryState> = {
  kind: 'entry',
  streamId: (id) => streamIds.entry(id),
  initial: initialLedgerEntryState,
  evolve: (s, e) => evolveLedgerEntry(s, e as LedgerEntryEvent),
  tenantOf: (s) => s?.tenant ?? null,
  visibility: 'subtree',
};

export const campaignStream: AuditedStream<CampaignState> = {
  kind: 'campaign',
  streamId: (id) => streamIds.campaign(id),
  initial: initialCampaignState,
  evolve: (s, e) => evolveCampaign(s, e as CampaignEvent),
  tenantOf: (s) => s?.tenant ?? null,
  visibility: 'subtree_and_ancestors',
};

export const checklistStream: AuditedStream<ChecklistVersionState> = {
  kind: 'checklist',
  streamId: (id) => streamIds.checklist(id),
  initial: initialChecklistVersionState,
  evolve: (s, e) => evolveChecklist(s, e as ChecklistEvent),
  tenantOf: (s) => s?.tenant ?? null,
  visibility: 'subtree_and_ancestors',
};

/** May a caller whose scope is `scope` see a stream owned by `owner`? */
export function isVisibleTo(visibility: AuditedStream<unknown>['visibility'], owner: string, scope: string): boolean {
  if (isWithinScope(owner, scope)) return true;
  return visibility === 'subtree_and_ancestors' && isWithinScope(scope, owner);
}

/** A stream id built from caller input; a malformed id is a bad argument, not a server error. */
export function streamIdOf<S>(stream: AuditedStream<S>, id: string): string {
  try {
    return stream.streamId(id);
  } catch (error) {
    if (isDomainError(error)) throw new AuditError(AuditErrorCode.InvalidArgument, error.message, { field: 'id' });
    throw error;
  }
}
