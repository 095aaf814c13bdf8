import { type CommandMetadata } from '../shared/command-metadata';
import { DomainError } from '../shared/domain-error';
import { type ChecklistItem } from '../checklist/checklist-item';
import { type DeriveChecklistVersion } from '../checklist/checklist-version';
import { type Campaign, type CampaignForwarded, type ReceiveForwardedCampaign } from './campaign.types';

/**
 * Forwarding spans three streams. The parent's decision (CampaignForwarded on
 * `campaign-{parentId}`, appended with the expected version) is the commitment; the two
 * follow-up commands below create the child's streams from it and nothing else:
 * 1. DeriveChecklistVersion on `checklist-{childVersionId}` (parentVersionId = the parent's version);
 * 2. ReceiveForwardedCampaign on `campaign-{childCampaignId}` (→ CampaignReceived).
 * Both are deterministic in the forwarded event and both target new streams, so a handler that
 * crashed in between can re-run them (expected version "no stream"; an existing stream with the
 * same first event means it was done).
 */
export function forwardingFollowUps(
  parent: Campaign,
  forwarded: CampaignForwarded,
  parentItems: ChecklistItem[],
  metadata: CommandMetadata,
): { deriveChecklist: DeriveChecklistVersion; receiveCampaign: ReceiveForwardedCampaign } {
  const d = forwarded.data;
  if (d.campaignId !== parent.campaignId) {
    throw new DomainError('LEDGER_ID_MISMATCH', '转发事件不属于该专项行动', { campaignId: d.campaignId });
  }
  return {
    deriveChecklist: {
      type: 'DeriveChecklistVersion',
      metadata,
      versionId: d.childChecklistVersionId,
      owner: d.childTenant,
      label: d.title,
      parent: { versionId: d.parentChecklistVersionId, items: parentItems },
      overlay: d.overlay,
    },
    receiveCampaign: {
      type: 'ReceiveForwardedCampaign',
      metadata,
      campaignId: d.childCampaignId,
      parentCampaignId: parent.campaignId,
      parentTenant: parent.tenant,
      parentChecklistVersionId: d.parentChecklistVersionId,
      parentReportDueDate: parent.reportDueDate,
      tenant: d.childTenant,
      title: d.title,
      docNumber: d.docNumber,
      issuedOn: d.issuedOn,
      phases: parent.phases,
      deadlines: d.deadlines,
      reportDueDate: d.reportDueDate,
      checklistVersionId: d.childChecklistVersionId,
    },
  };
}
