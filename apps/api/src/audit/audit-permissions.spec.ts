import 'reflect-metadata';
import { type ExecutionContext } from '@nestjs/common';
import { GUARDS_METADATA } from '@nestjs/common/constants';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import { Role, type Principal } from '@rectify/tenancy';
import { Permission } from '../auth/permission';
import { PERMISSION_KEY } from '../auth/permission.decorator';
import { newApiContext } from '../graphql/api-context';
import { AuditorGuard } from './auditor.guard';
import { AuditHistoryResolver } from './resolvers/audit-history.resolver';
import { IntegrityResolver } from './resolvers/integrity.resolver';
import { TimeTravelResolver } from './resolvers/time-travel.resolver';

const RESOLVERS = [AuditHistoryResolver, TimeTravelResolver, IntegrityResolver];

function queries(resolver: { prototype: object }): { field: unknown; permission: unknown }[] {
  return Object.getOwnPropertyNames(resolver.prototype)
    .map((method) => ({ method, fn: Object.getOwnPropertyDescriptor(resolver.prototype, method)?.value as unknown }))
    .filter(({ fn }) => typeof fn === 'function' && Reflect.getMetadata('graphql:resolver_type', fn) === 'Query')
    .map(({ method, fn }) => ({ field: (Reflect.getMetadata('graphql:resolver_name', fn as object) as string | undefined) ?? method, permission: Reflect.getMetadata(PERMISSION_KEY, fn as object) }));
}

function contextOf(principal: Principal | null): ExecutionContext {
  const api = newApiContext(null, false);
  api.auth.principal = principal;
  const host = new ExecutionContextHost([{}, {}, api, {}]);
  host.setType('graphql');
  return host;
}

const principal = (roles: Role[]): Principal => ({ userId: 'u', username: 'u', displayName: 'u', tenantId: 't', tenantPath: '411000', roles });

describe('audit resolvers', () => {
  it('expose the audit queries, each with ledger:read and the auditor guard on its class', () => {
    const all = RESOLVERS.flatMap(queries);
    expect(all.map((q) => q.field).sort()).toEqual(
      ['campaignHistory', 'checklistHistory', 'entryAsOf', 'entryHistory', 'exportEvents', 'ledgerAsOf', 'ledgerDiff', 'rollupAsOf', 'verifyAnchors', 'verifyChain'].sort(),
    );
    expect(all.filter((q) => q.permission !== Permission.LedgerRead)).toEqual([]);
    for (const resolver of RESOLVERS) expect(Reflect.getMetadata(GUARDS_METADATA, resolver)).toEqual([AuditorGuard]);
  });

  it('the auditor guard admits auditors and platform admins only', () => {
    const guard = new AuditorGuard();
    expect(guard.canActivate(contextOf(principal([Role.Auditor])))).toBe(true);
    expect(guard.canActivate(contextOf(principal([Role.PlatformAdmin])))).toBe(true);
    for (const role of [Role.Inspector, Role.TownshipLead, Role.Reviewer, Role.TenantAdmin]) {
      expect(() => guard.canActivate(contextOf(principal([role])))).toThrow(expect.objectContaining({ extensions: { code: 'FORBIDDEN' } }));
    }
    expect(() => guard.canActivate(contextOf(null))).toThrow(expect.objectContaining({ extensions: { code: 'UNAUTHENTICATED' } }));
  });
});
