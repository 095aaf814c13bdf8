import { type Actor, type CommandMetadata, type TenantRef, actorOf, tenantOf, validateMetadata, validateTenantRef } from '../shared/command-metadata';
import { assertNever } from '../shared/assert-never';
import { DomainError } from '../shared/domain-error';
import { isWithinTenantPath } from '../shared/tenant-path';
import { optionalText, requireId } from '../shared/validation';
import { type ChecklistItem, normaliseChecklistItems } from './checklist-item';
import { type ChecklistOverlay, applyOverlay, normaliseOverlay } from './checklist-overlay';

/**
 * Stream `checklist-{versionId}`: one checklist version, defined once and never changed. A
 * forwarded version names its parent (`parentVersionId`) and keeps the overlay that built it.
 */

// Commands

/** Define a top-level checklist version from its items (e.g. the city's 72 items). */
export type DefineChecklistVersion = {
  type: 'DefineChecklistVersion';
  metadata: CommandMetadata;
  versionId: string;
  label?: string;
  items: ChecklistItem[];
};

/**
 * Define a forwarded version: the parent's items with the forwarding tenant's overlay applied. The
 * version belongs to `owner`, the tenant the campaign is forwarded to (within the forwarder's scope),
 * so only that tenant's subtree and the tenants above it see it, not its siblings.
 */
export type DeriveChecklistVersion = {
  type: 'DeriveChecklistVersion';
  metadata: CommandMetadata;
  versionId: string;
  owner: TenantRef;
  label?: string;
  parent: { versionId: string; items: ChecklistItem[] };
  overlay: ChecklistOverlay;
};

export type ChecklistCommand = DefineChecklistVersion | DeriveChecklistVersion;

// Events

export type ChecklistVersionDefined = {
  type: 'ChecklistVersionDefined';
  schemaVersion: 1;
  data: {
    versionId: string;
    label: string | null;
    /**
     * The tenant that owns this version: the one that defined it, or for a forwarded version the
     * tenant it was forwarded to (before 2026-11-27 forwarded versions named the forwarding tenant).
     */
    tenant: TenantRef;
    /** null for a top-level version; the parent's version id for a forwarded one. */
    parentVersionId: string | null;
    /** null for a top-level version; the adaptation applied to the parent's items otherwise. */
    overlay: ChecklistOverlay | null;
    items: ChecklistItem[];
    at: string;
    by: Actor;
  };
};

export type ChecklistEvent = ChecklistVersionDefined;

// State

export type ChecklistVersionState = {
  versionId: string;
  label: string | null;
  tenant: TenantRef;
  parentVersionId: string | null;
  overlay: ChecklistOverlay | null;
  items: ChecklistItem[];
  definedAt: string;
} | null;

export const initialChecklistVersionState: ChecklistVersionState = null;

export function decideChecklist(command: ChecklistCommand, state: ChecklistVersionState): ChecklistEvent[] {
  validateMetadata(command.metadata);
  const versionId = requireId(command.versionId, 'versionId');
  if (state !== null) {
    throw new DomainError('LEDGER_CHECKLIST_VERSION_EXISTS', `清单版本 ${versionId} 已存在，清单版本定义后不可修改`, { versionId });
  }
  const common = {
    versionId,
    label: optionalText(command.label),
    tenant: tenantOf(command.metadata.tenant),
    at: command.metadata.now,
    by: actorOf(command.metadata),
  };
  switch (command.type) {
    case 'DefineChecklistVersion':
      return [
        {
          type: 'ChecklistVersionDefined',
          schemaVersion: 1,
          data: { ...common, parentVersionId: null, overlay: null, items: normaliseChecklistItems(command.items) },
        },
      ];
    case 'DeriveChecklistVersion': {
      const parentVersionId = requireId(command.parent.versionId, 'parent.versionId');
      if (parentVersionId === versionId) {
        throw new DomainError('LEDGER_INVALID_INPUT', '下级清单版本不能与上级版本同号', { field: 'versionId' });
      }
      validateTenantRef(command.owner, 'owner');
      if (!isWithinTenantPath(command.owner.path, command.metadata.tenant.path)) {
        throw new DomainError('LEDGER_TENANT_OUT_OF_SCOPE', '转发的清单版本只能属于本单位或其下级单位', {
          tenantPath: command.owner.path,
          scope: command.metadata.tenant.path,
        });
      }
      const parentItems = normaliseChecklistItems(command.parent.items);
      return [
        {
          type: 'ChecklistVersionDefined',
          schemaVersion: 1,
          data: {
            ...common,
            tenant: tenantOf(command.owner),
            parentVersionId,
            overlay: normaliseOverlay(command.overlay, parentItems),
            items: applyOverlay(parentItems, command.overlay),
          },
        },
      ];
    }
    default:
      return assertNever(command, '清单命令');
  }
}

export function evolveChecklist(state: ChecklistVersionState, event: ChecklistEvent): ChecklistVersionState {
  switch (event.type) {
    case 'ChecklistVersionDefined': {
      if (state !== null) {
        throw new DomainError('LEDGER_STREAM_CORRUPT', '清单版本流中出现第二个 ChecklistVersionDefined');
      }
      const { versionId, label, tenant, parentVersionId, overlay, items, at } = event.data;
      return { versionId, label, tenant, parentVersionId, overlay, items, definedAt: at };
    }
    default:
      return assertNever(event.type, '清单事件');
  }
}
