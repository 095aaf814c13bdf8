import {
  decideCampaign,
  decideChecklist,
  decideInspection,
  decideLedgerEntry,
  evolveCampaign,
  evolveChecklist,
  evolveInspection,
  evolveLedgerEntry,
  initialCampaignState,
  initialChecklistVersionState,
  initialLedgerEntryState,
  initialVillageInspectionState,
  type CampaignCommand,
  type CampaignEvent,
  type CampaignState,
  type ChecklistCommand,
  type ChecklistEvent,
  type ChecklistVersionState,
  type DomainEvent,
  type InspectionCommand,
  type InspectionEvent,
  type LedgerEntryCommand,
  type LedgerEntryEvent,
  type LedgerEntryState,
  type TenantRef,
  type VillageInspectionState,
} from '@rectify/ledger-domain';

/** A decider with what the application needs around it. */
export interface Aggregate<C, E extends DomainEvent, S> {
  readonly name: string;
  readonly initial: S;
  decide(command: C, state: S): E[];
  evolve(state: S, event: E): S;
  /** The tenant that owns the stream (its events carry this tenant), once the stream exists. */
  tenantOf(state: S): TenantRef | null;
  /**
   * Who may see a stream: its own subtree, or also the tenants below it (a campaign and its
   * checklist are issued downwards: a township works against its county's and city's campaigns).
   */
  readonly visibility: 'subtree' | 'subtree_and_descendants_of_owner';
}

export const campaignAggregate: Aggregate<CampaignCommand, CampaignEvent, CampaignState> = {
  name: 'campaign',
  initial: initialCampaignState,
  decide: decideCampaign,
  evolve: evolveCampaign,
  tenantOf: (s) => s?.tenant ?? null,
  visibility: 'subtree_and_descendants_of_owner',
};

export const checklistAggregate: Aggregate<ChecklistCommand, ChecklistEvent, ChecklistVersionState> = {
  name: 'checklist',
  initial: initialChecklistVersionState,
  decide: decideChecklist,
  evolve: evolveChecklist,
  tenantOf: (s) => s?.tenant ?? null,
  visibility: 'subtree_and_descendants_of_owner',
};

export const inspectionAggregate: Aggregate<InspectionCommand, InspectionEvent, VillageInspectionState> = {
  name: 'inspection',
  initial: initialVillageInspectionState,
  decide: decideInspection,
  evolve: evolveInspection,
  tenantOf: (s) => s?.tenant ?? null,
  visibility: 'subtree',
};

export const ledgerEntryAggregate: Aggregate<LedgerEntryCommand, LedgerEntryEvent, LedgerEntryState> = {
  name: 'entry',
  initial: initialLedgerEntryState,
  decide: decideLedgerEntry,
  evolve: evolveLedgerEntry,
  tenantOf: (s) => s?.tenant ?? null,
  visibility: 'subtree',
};
