import type { RecordedEvent } from '@rectify/event-store-core';
import type { CampaignEvent } from '@rectify/ledger-domain';
import type { EntityManager } from 'typeorm';
import { CampaignEntity, CampaignForwardEntity } from '../entities';
import { dataOf } from './event-data';
import type { ProjectionHandler } from './projection';

/** Stream `campaign-{campaignId}` → `campaign` and `campaign_forward` (the forwarding lineage). */

type CampaignEventType = CampaignEvent['type'];

async function insertCampaign(manager: EntityManager, row: CampaignEntity): Promise<void> {
  await manager.createQueryBuilder().insert().into(CampaignEntity).values(row).orIgnore().execute();
}

async function issued(manager: EntityManager, event: RecordedEvent): Promise<void> {
  const d = dataOf(event, 'CampaignIssued');
  await insertCampaign(manager, {
    campaignId: d.campaignId,
    tenantPath: d.tenant.path,
    tenantId: d.tenant.id,
    rootCampaignId: d.campaignId,
    origin: 'issued',
    parentCampaignId: null,
    parentTenantPath: null,
    parentChecklistVersionId: null,
    parentReportDueDate: null,
    title: d.title,
    docNumber: d.docNumber,
    issuedOn: d.issuedOn,
    phases: d.phases,
    immediateDeadline: d.deadlines.immediate,
    fixedTermDeadline: d.deadlines.fixedTerm,
    reportDueDate: d.reportDueDate,
    checklistVersionId: d.checklistVersionId,
    status: 'open',
    closedAt: null,
    summary: null,
    createdAt: new Date(d.at),
    updatedAt: new Date(d.at),
    lastEventVersion: event.streamVersion,
  });
}

async function received(manager: EntityManager, event: RecordedEvent): Promise<void> {
  const d = dataOf(event, 'CampaignReceived');
  const parent = await manager.findOne(CampaignEntity, {
    where: { campaignId: d.parentCampaignId },
    select: { campaignId: true, rootCampaignId: true },
  });
  await insertCampaign(manager, {
    campaignId: d.campaignId,
    tenantPath: d.tenant.path,
    tenantId: d.tenant.id,
    rootCampaignId: parent?.rootCampaignId ?? d.parentCampaignId,
    origin: 'received',
    parentCampaignId: d.parentCampaignId,
    parentTenantPath: d.parentTenant.path,
    parentChecklistVersionId: d.parentChecklistVersionId,
    parentReportDueDate: d.parentReportDueDate,
    title: d.title,
    docNumber: d.docNumber,
    issuedOn: d.issuedOn,
    phases: d.phases,
    immediateDeadline: d.deadlines.immediate,
    fixedTermDeadline: d.deadlines.fixedTerm,
    reportDueDate: d.reportDueDate,
    checklistVersionId: d.checklistVersionId,
    status: 'open',
    closedAt: null,
    summary: null,
    createdAt: new Date(d.at),
    updatedAt: new Date(d.at),
    lastEventVersion: event.streamVersion,
  });
}

/** Updates the campaign only if this event is newer than the last one applied to it. */
async function updateCampaign(
  manager: EntityManager,
  event: RecordedEvent,
  campaignId: string,
  at: string,
  patch: Partial<CampaignEntity>,
): Promise<boolean> {
  const result = await manager
    .createQueryBuilder()
    .update(CampaignEntity)
    .set({ ...patch, updatedAt: new Date(at), lastEventVersion: event.streamVersion })
    .where('campaign_id = :campaignId AND last_event_version < :version', { campaignId, version: event.streamVersion })
    .execute();
  return (result.affected ?? 0) > 0;
}

async function revised(manager: EntityManager, event: RecordedEvent): Promise<void> {
  const d = dataOf(event, 'CampaignChecklistRevised');
  await updateCampaign(manager, event, d.campaignId, d.at, { checklistVersionId: d.checklistVersionId });
}

async function forwarded(manager: EntityManager, event: RecordedEvent): Promise<void> {
  const d = dataOf(event, 'CampaignForwarded');
  const parent = await manager.findOne(CampaignEntity, { where: { campaignId: d.campaignId }, select: { campaignId: true, tenantPath: true } });
  await updateCampaign(manager, event, d.campaignId, d.at, {});
  await manager
    .createQueryBuilder()
    .insert()
    .into(CampaignForwardEntity)
    .values({
      childCampaignId: d.childCampaignId,
      campaignId: d.campaignId,
      tenantPath: parent?.tenantPath ?? event.metadata.tenantPath,
      childTenantId: d.childTenant.id,
      childTenantPath: d.childTenant.path,
      parentChecklistVersionId: d.parentChecklistVersionId,
      childChecklistVersionId: d.childChecklistVersionId,
      overlay: d.overlay,
      title: d.title,
      docNumber: d.docNumber,
      issuedOn: d.issuedOn,
      reportDueDate: d.reportDueDate,
      immediateDeadline: d.deadlines.immediate,
      fixedTermDeadline: d.deadlines.fixedTerm,
      forwardedAt: new Date(d.at),
    })
    .orIgnore()
    .execute();
}

async function closed(manager: EntityManager, event: RecordedEvent): Promise<void> {
  const d = dataOf(event, 'CampaignClosed');
  await updateCampaign(manager, event, d.campaignId, d.at, { status: 'closed', closedAt: new Date(d.at), summary: d.summary });
}

async function campaignEscalationPolicySet(manager: EntityManager, event: RecordedEvent): Promise<void> {
  const d = dataOf(event, 'CampaignEscalationPolicySet');
  await updateCampaign(manager, event, d.campaignId, d.at, {
    escalationPolicy: d.policy,
    escalationPolicyReason: d.reason,
    escalationPolicySetAt: new Date(d.at),
    escalationPolicySetBy: d.by.name ?? d.by.userId,
  });
}

export const CAMPAIGN_HANDLERS: Record<CampaignEventType, ProjectionHandler> = {
  CampaignIssued: issued,
  CampaignReceived: received,
  CampaignChecklistRevised: revised,
  CampaignForwarded: forwarded,
  CampaignClosed: closed,
  CampaignEscalationPolicySet: campaignEscalationPolicySet,
};
