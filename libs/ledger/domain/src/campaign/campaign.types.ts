import { type Actor, type CommandMetadata, type TenantRef } from '../shared/command-metadata';
import { type ChecklistItem } from '../checklist/checklist-item';
import { type ChecklistOverlay } from '../checklist/checklist-overlay';
import { type EscalationPolicy } from './escalation-policy';

/** A phase of the campaign, e.g. 动员部署 (until 2023-07-25), 全面排查 (07-26..08-10). */
export type CampaignPhase = { name: string; startDate: string | null; endDate: string };

/**
 * The rectification deadlines of a campaign (calendar dates, Asia/Shanghai):
 * `immediate` 立行立改 (2023-08-31), `fixedTerm` 限期解决 (2023-10-31).
 */
export type CampaignDeadlines = { immediate: string; fixedTerm: string };

// Commands (stream `campaign-{campaignId}`)

/** Issue a campaign (印发专项行动方案) from a tenant's leading group. */
export type IssueCampaign = {
  type: 'IssueCampaign';
  metadata: CommandMetadata;
  campaignId: string;
  title: string;
  /** 文号, e.g. 许巩固脱贫组〔2023〕4号. */
  docNumber: string;
  /** The document's date (印发日期). */
  issuedOn: string;
  issuingTenant: TenantRef;
  phases: CampaignPhase[];
  deadlines: CampaignDeadlines;
  /** The date by which lower levels' reports must reach the issuing office (city: 2023-09-05). */
  reportDueDate: string;
  checklistVersionId: string;
};

/** Point the campaign at another checklist version (already defined on its own stream). */
export type ReviseChecklist = {
  type: 'ReviseChecklist';
  metadata: CommandMetadata;
  campaignId: string;
  checklistVersionId: string;
  reason: string;
};

/**
 * Forward the campaign to a child tenant (转发) with local adaptations. The handler passes the
 * parent's current checklist (loaded from its stream) so the overlay can be checked before
 * anything is written.
 */
export type ForwardCampaign = {
  type: 'ForwardCampaign';
  metadata: CommandMetadata;
  campaignId: string;
  childCampaignId: string;
  childTenant: TenantRef;
  childChecklistVersionId: string;
  parentChecklist: { versionId: string; items: ChecklistItem[] };
  overlay: ChecklistOverlay;
  /** The forwarding notice's title; defaults to the parent's. */
  title?: string;
  /** The forwarding notice's 文号, when it has one. */
  docNumber?: string | null;
  issuedOn: string;
  /** The child's own report date: not later than the parent's (禹州市: 2023-08-25). */
  reportDueDate: string;
  /** Optional stricter rectification deadlines; never later than the parent's. */
  deadlines?: Partial<CampaignDeadlines>;
};

/**
 * Start the child's stream from a CampaignForwarded event. Built by `forwardingFollowUps`, not
 * by hand: it repeats what the parent decided, so that the child stream is self-contained.
 */
export type ReceiveForwardedCampaign = {
  type: 'ReceiveForwardedCampaign';
  metadata: CommandMetadata;
  campaignId: string;
  parentCampaignId: string;
  parentTenant: TenantRef;
  parentChecklistVersionId: string;
  parentReportDueDate: string;
  tenant: TenantRef;
  title: string;
  docNumber: string | null;
  issuedOn: string;
  phases: CampaignPhase[];
  deadlines: CampaignDeadlines;
  reportDueDate: string;
  checklistVersionId: string;
};

export type CloseCampaign = {
  type: 'CloseCampaign';
  metadata: CommandMetadata;
  campaignId: string;
  summary?: string;
};

/**
 * Set the campaign's own escalation policy (督办升级规则), or with `policy: null` drop it so the
 * campaign inherits again. A forwarded campaign without a policy of its own follows the nearest
 * campaign up its forwarding chain that has one, and the defaults when none has; its own policy
 * replaces the inherited one whole (all five values), looser or stricter.
 */
export type SetEscalationPolicy = {
  type: 'SetEscalationPolicy';
  metadata: CommandMetadata;
  campaignId: string;
  policy: EscalationPolicy | null;
  reason: string;
};

export type CampaignCommand = IssueCampaign | ReviseChecklist | ForwardCampaign | ReceiveForwardedCampaign | CloseCampaign | SetEscalationPolicy;

// Events

export type CampaignIssued = {
  type: 'CampaignIssued';
  schemaVersion: 1;
  data: {
    campaignId: string;
    title: string;
    docNumber: string;
    issuedOn: string;
    tenant: TenantRef;
    phases: CampaignPhase[];
    deadlines: CampaignDeadlines;
    reportDueDate: string;
    checklistVersionId: string;
    at: string;
    by: Actor;
  };
};

export type CampaignChecklistRevised = {
  type: 'CampaignChecklistRevised';
  schemaVersion: 1;
  data: {
    campaignId: string;
    previousVersionId: string;
    checklistVersionId: string;
    reason: string;
    at: string;
    by: Actor;
  };
};

export type CampaignForwarded = {
  type: 'CampaignForwarded';
  schemaVersion: 1;
  data: {
    campaignId: string;
    childCampaignId: string;
    childTenant: TenantRef;
    parentChecklistVersionId: string;
    childChecklistVersionId: string;
    overlay: ChecklistOverlay;
    title: string;
    docNumber: string | null;
    issuedOn: string;
    reportDueDate: string;
    deadlines: CampaignDeadlines;
    at: string;
    by: Actor;
  };
};

export type CampaignReceived = {
  type: 'CampaignReceived';
  schemaVersion: 1;
  data: {
    campaignId: string;
    parentCampaignId: string;
    parentTenant: TenantRef;
    parentChecklistVersionId: string;
    parentReportDueDate: string;
    tenant: TenantRef;
    title: string;
    docNumber: string | null;
    issuedOn: string;
    phases: CampaignPhase[];
    deadlines: CampaignDeadlines;
    reportDueDate: string;
    checklistVersionId: string;
    at: string;
    by: Actor;
  };
};

export type CampaignClosed = {
  type: 'CampaignClosed';
  schemaVersion: 1;
  data: { campaignId: string; summary: string | null; at: string; by: Actor };
};

/** The campaign's own escalation policy was set (`policy`), or dropped to inherit again (`null`). */
export type CampaignEscalationPolicySet = {
  type: 'CampaignEscalationPolicySet';
  schemaVersion: 1;
  data: {
    campaignId: string;
    policy: EscalationPolicy | null;
    /** The policy it had of its own before (null: it inherited). */
    previousPolicy: EscalationPolicy | null;
    reason: string;
    at: string;
    by: Actor;
  };
};

export type CampaignEvent = CampaignIssued | CampaignChecklistRevised | CampaignForwarded | CampaignReceived | CampaignClosed | CampaignEscalationPolicySet;

// State

export type CampaignOrigin =
  | { kind: 'issued' }
  | {
      kind: 'received';
      parentCampaignId: string;
      parentTenant: TenantRef;
      parentChecklistVersionId: string;
      parentReportDueDate: string;
    };

export type CampaignForward = {
  childCampaignId: string;
  childTenant: TenantRef;
  childChecklistVersionId: string;
  reportDueDate: string;
  at: string;
};

export type Campaign = {
  campaignId: string;
  title: string;
  docNumber: string | null;
  issuedOn: string;
  /** The tenant that owns this campaign stream: the issuer, or the receiving child. */
  tenant: TenantRef;
  origin: CampaignOrigin;
  phases: CampaignPhase[];
  deadlines: CampaignDeadlines;
  reportDueDate: string;
  checklistVersionId: string;
  /** Every version the campaign pointed at, oldest first; the last is `checklistVersionId`. */
  checklistHistory: string[];
  forwards: CampaignForward[];
  /** The campaign's own escalation policy; null: it inherits (see SetEscalationPolicy). */
  escalationPolicy: EscalationPolicy | null;
  status: 'open' | 'closed';
  closedAt: string | null;
};

export type CampaignState = Campaign | null;

export const initialCampaignState: CampaignState = null;
