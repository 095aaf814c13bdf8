import 'reflect-metadata';
import { type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import { TokenService } from '@rectify/identity';
import { Role } from '@rectify/tenancy';
import { type DynamicModule } from '@nestjs/common';
import { AppModule } from '../app.module';
import { type ApiConfig } from '../config/api-config';
import { newApiContext } from '../graphql/api-context';
import { Permission, rolesAllow } from './permission';
import { PERMISSION_KEY } from './permission.decorator';
import { AccountStatusCheck } from './account-status';
import { PermissionGuard } from './permission.guard';

const RESOLVER_TYPE = 'graphql:resolver_type';
const RESOLVER_NAME = 'graphql:resolver_name';
/**
 * Every provider of every module the application imports (dynamic modules included), found from
 * AppModule itself: a module added later is checked without anyone editing this list.
 */
function appProviders(): unknown[] {
  const app = AppModule.register({ config: {} as ApiConfig });
  const out: unknown[] = [];
  for (const entry of app.imports ?? []) {
    const dynamic = entry as Partial<DynamicModule>;
    const moduleClass = typeof entry === 'function' ? entry : dynamic.module;
    out.push(...(dynamic.providers ?? []));
    if (moduleClass) out.push(...((Reflect.getMetadata('providers', moduleClass) as unknown[] | undefined) ?? []));
  }
  return out;
}

type Handler = { owner: string; method: string; kind: string; field: string; permission: unknown };

/** Every Query, Mutation and Subscription handler of every resolver the API modules provide. */
function rootHandlers(): Handler[] {
  const handlers: Handler[] = [];
  {
    for (const provider of appProviders()) {
      if (typeof provider !== 'function') continue;
      const proto: object = provider.prototype;
      for (const method of Object.getOwnPropertyNames(proto)) {
        const fn: unknown = Object.getOwnPropertyDescriptor(proto, method)?.value;
        if (typeof fn !== 'function' || method === 'constructor') continue;
        const kind: unknown = Reflect.getMetadata(RESOLVER_TYPE, fn);
        if (kind !== 'Query' && kind !== 'Mutation' && kind !== 'Subscription') continue;
        const field: unknown = Reflect.getMetadata(RESOLVER_NAME, fn);
        handlers.push({ owner: provider.name, method, kind, field: typeof field === 'string' ? field : method, permission: Reflect.getMetadata(PERMISSION_KEY, fn) });
      }
    }
  }
  return handlers;
}

describe('resolver permissions', () => {
  const handlers = rootHandlers();

  it('finds the root fields of every module the application imports', () => {
    const fields = handlers.map((h) => h.field);
    expect(fields).toEqual(expect.arrayContaining(['login', 'ledgerEntries', 'requestLedgerReport', 'escalationInbox', 'entryHistory', 'verifyChain']));
  });

  it('finds every root field, including one mutation per domain command the API exposes', () => {
    const mutations = handlers.filter((h) => h.kind === 'Mutation').map((h) => h.field);
    expect(mutations).toEqual(
      expect.arrayContaining([
        'issueCampaign',
        'defineChecklistVersion',
        'forwardCampaign',
        'reviseChecklist',
        'closeCampaign',
        'recordVillageCheck',
        'recordProblem',
        'planRectification',
        'reportProgress',
        'submitResult',
        'approveSignOff',
        'rejectSignOff',
        'requestDeadlineExtension',
        'approveDeadlineExtension',
        'rejectDeadlineExtension',
        'voidEntry',
        'login',
      ]),
    );
    expect(handlers.some((h) => h.kind === 'Subscription')).toBe(true);
    expect(handlers.filter((h) => h.kind === 'Query').length).toBeGreaterThanOrEqual(8);
  });

  it('every Query, Mutation and Subscription declares a known permission', () => {
    const known: unknown[] = Object.values(Permission);
    const missing = handlers.filter((h) => !known.includes(h.permission)).map((h) => `${h.owner}.${h.method}`);
    expect(missing).toEqual([]);
  });

  it('only login is public', () => {
    expect(handlers.filter((h) => h.permission === Permission.Public).map((h) => h.field)).toEqual(['login']);
  });

  it('the auditor reads and writes nothing; the inspector cannot sign off', () => {
    expect(rolesAllow([Role.Auditor], Permission.LedgerRead)).toBe(true);
    for (const p of Object.values(Permission).filter((v) => v !== Permission.Public && v !== Permission.LedgerRead && v !== Permission.SessionRead)) {
      expect(rolesAllow([Role.Auditor], p)).toBe(false);
    }
    expect(rolesAllow([Role.Inspector], Permission.EntrySignOff)).toBe(false);
    expect(rolesAllow([Role.Reviewer], Permission.EntrySignOff)).toBe(true);
  });
});

describe('PermissionGuard', () => {
  const tokens = new TokenService({ secret: 's'.repeat(40), ttlSeconds: 60 });
  const guard = new PermissionGuard(new Reflector(), tokens);

  function graphqlContext(handler: () => undefined, token: string | null): ExecutionContext {
    const host = new ExecutionContextHost([{}, {}, newApiContext(token, false), {}], class Anonymous {}, handler);
    host.setType('graphql');
    return host;
  }

  it('denies a handler without @RequirePermission, even for a platform admin', async () => {
    const { token } = tokens.issue({ userId: 'u', username: 'u', displayName: 'u', tenantId: '411000', tenantPath: '411000', roles: [Role.PlatformAdmin] });
    await expect(
      guard.canActivate(
        graphqlContext(function unmarked() {
          return undefined;
        }, token),
      ),
    ).rejects.toMatchObject({ extensions: { code: 'FORBIDDEN' } });
  });

  it('answers UNAUTHENTICATED without a token or with a bad one, FORBIDDEN for a missing role', async () => {
    function read(): undefined {
      return undefined;
    }
    Reflect.defineMetadata(PERMISSION_KEY, Permission.EntrySignOff, read);
    await expect(guard.canActivate(graphqlContext(read, null))).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    await expect(guard.canActivate(graphqlContext(read, 'not.a.jwt'))).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    const { token } = tokens.issue({ userId: 'u', username: 'u', displayName: 'u', tenantId: '411081005', tenantPath: '411000/411081/411081005', roles: [Role.Inspector] });
    await expect(guard.canActivate(graphqlContext(read, token))).rejects.toMatchObject({ extensions: { code: 'FORBIDDEN' } });
  });

  it('refuses the valid token of a disabled, deleted or moved account (UNAUTHENTICATED), within the cache time', async () => {
    function read(): undefined {
      return undefined;
    }
    Reflect.defineMetadata(PERMISSION_KEY, Permission.LedgerRead, read);
    const principal = { userId: '6f1c2d3e-4a5b-4c6d-8e7f-901234567890', username: 'u1', displayName: 'u1', tenantId: '411081', tenantPath: '411000/411081', roles: [Role.Reviewer] };
    let account: { tenantPath: string; disabled: boolean } | null = { tenantPath: '411000/411081', disabled: false };
    let now = 0;
    let lookups = 0;
    const status = new AccountStatusCheck(
      {
        find: async () => {
          lookups++;
          return account as never;
        },
      },
      10_000,
      100,
      () => now,
    );
    const checked = new PermissionGuard(new Reflector(), tokens, status);
    const { token } = tokens.issue(principal);
    await expect(checked.canActivate(graphqlContext(read, token))).resolves.toBe(true);
    account = { tenantPath: '411000/411081', disabled: true };
    await expect(checked.canActivate(graphqlContext(read, token))).resolves.toBe(true); // cached
    expect(lookups).toBe(1);
    now = 10_001;
    await expect(checked.canActivate(graphqlContext(read, token))).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    for (const next of [null, { tenantPath: '411000/411024', disabled: false }]) {
      account = next;
      now += 10_001;
      await expect(checked.canActivate(graphqlContext(read, token))).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    }
    // a subject that is no account id at all is refused without a lookup
    const before = lookups;
    const odd = tokens.issue({ ...principal, userId: 'attacker' }).token;
    await expect(checked.canActivate(graphqlContext(read, odd))).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    expect(lookups).toBe(before);
  });
});
