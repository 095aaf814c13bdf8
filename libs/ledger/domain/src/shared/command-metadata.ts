import { isIsoInstant } from './calendar';
import { DomainError } from './domain-error';
import { isTenantPath } from './tenant-path';

/** Who issued a command. `userId` identifies; `name` and `role` are kept for auditors. */
export type Actor = { userId: string; name?: string; role?: string };

/** A tenant (city, county, township, …) with its path of administrative codes. */
export type TenantRef = { id: string; path: string };

/**
 * Carried by every command. `now` is the business time (ISO-8601 instant) taken by the handler
 * from a clock that tests control; the domain never reads a clock.
 */
export type CommandMetadata = { now: string; actor: Actor; tenant: TenantRef };

const ID = /^\S+$/;

export function isValidId(value: unknown): value is string {
  return typeof value === 'string' && ID.test(value);
}

export function validateMetadata(metadata: CommandMetadata): void {
  if (!isIsoInstant(metadata.now)) {
    throw new DomainError('LEDGER_INVALID_METADATA', '命令时间 now 必须是带时区的 ISO-8601 时刻', {
      field: 'metadata.now',
    });
  }
  if (!isValidId(metadata.actor.userId)) {
    throw new DomainError('LEDGER_INVALID_METADATA', '操作人 userId 不能为空或含空白字符', {
      field: 'metadata.actor.userId',
    });
  }
  validateTenantRef(metadata.tenant, 'metadata.tenant', 'LEDGER_INVALID_METADATA');
}

export function validateTenantRef(
  tenant: TenantRef,
  field: string,
  code: 'LEDGER_INVALID_METADATA' | 'LEDGER_INVALID_INPUT' = 'LEDGER_INVALID_INPUT',
): void {
  if (!isValidId(tenant.id)) {
    throw new DomainError(code, '单位（租户）id 不能为空或含空白字符', { field: `${field}.id` });
  }
  if (!isTenantPath(tenant.path)) {
    throw new DomainError(code, '单位（租户）路径格式不正确，应如 411000/411081/411081005', {
      field: `${field}.path`,
    });
  }
}

/** The actor as plain JSON: optional keys are left out, never set to undefined. */
export function actorOf(metadata: CommandMetadata): Actor {
  const { userId, name, role } = metadata.actor;
  return {
    userId,
    ...(name === undefined ? {} : { name }),
    ...(role === undefined ? {} : { role }),
  };
}

export function tenantOf(tenant: TenantRef): TenantRef {
  return { id: tenant.id, path: tenant.path };
}
