/**
 * Loads the demo: accounts for every role at 许昌市, 禹州市, 褚河街道 and 鄢陵县 (to show that a
 * county sees only its own subtree), and a realistic ledger history generated from the real
 * checklist for 禹州市's townships and villages in the seeds. Run by `npm start` once, after the
 * schemas are prepared; running it again changes nothing (accounts that exist are kept, and the
 * history's event ids are deterministic, so the store recognises every append as done).
 */
import 'reflect-metadata';
import { ShardedAppender } from '@rectify/event-store-core';
import { PostgresEventStore } from '@rectify/event-store-postgres';
import { AccountError, AccountService, PasswordHasher, createIdentityDataSource } from '@rectify/identity';
import { generateHistory, xuchangTenants, xuchangVillages, type HistoryTenantSource, type HistoryTownship } from '@rectify/seeds';
import { Role } from '@rectify/tenancy';

export const DEMO_PASSWORD = 'Xuchang-Demo-2023';

export const DEMO_ACCOUNTS = [
  { username: 'admin', displayName: '平台管理员', tenantCode: '411000', roles: [Role.PlatformAdmin] },
  { username: 'xuchang.reviewer', displayName: '许昌市审核员', tenantCode: '411000', roles: [Role.Reviewer, Role.TenantAdmin] },
  { username: 'xuchang.auditor', displayName: '许昌市审计员', tenantCode: '411000', roles: [Role.Auditor] },
  { username: 'yuzhou.reviewer', displayName: '禹州市审核员', tenantCode: '411081', roles: [Role.Reviewer, Role.TenantAdmin] },
  { username: 'chuhe.inspector', displayName: '褚河街道排查员', tenantCode: '411081005', roles: [Role.Inspector] },
  { username: 'chuhe.lead', displayName: '褚河街道负责人', tenantCode: '411081005', roles: [Role.TownshipLead] },
  { username: 'yanling.reviewer', displayName: '鄢陵县审核员', tenantCode: '411024', roles: [Role.Reviewer] },
] as const;

/** 许昌市 → 禹州市 → the townships the seeds have villages for. */
export function demoTenantSource(): HistoryTenantSource {
  const city = xuchangTenants.find((t) => t.level === 'city');
  const county = xuchangTenants.find((t) => t.code === '411081');
  if (!city || !county) throw new Error('The seeds lack 许昌市 or 禹州市');
  const townships: HistoryTownship[] = xuchangTenants
    .filter((t) => t.parentCode === county.code)
    .map((t) => ({ code: t.code, name: t.name, villages: xuchangVillages.filter((v) => v.townshipCode === t.code).map((v) => ({ code: v.code, name: v.name })) }))
    .filter((t) => t.villages.length > 0);
  return {
    kind: 'real',
    cities: () => [{ code: city.code, name: city.name, counties: [{ code: county.code, name: county.name, townships: () => townships }] }],
  };
}

async function createAccounts(databaseUrl: string, schema: string): Promise<number> {
  const dataSource = await createIdentityDataSource({ url: databaseUrl, schema, poolSize: 2 }).initialize();
  try {
    const accounts = new AccountService(dataSource, new PasswordHasher());
    let created = 0;
    for (const account of DEMO_ACCOUNTS) {
      try {
        await accounts.create({ ...account, roles: [...account.roles], password: DEMO_PASSWORD }, null);
        created++;
      } catch (error) {
        if (!(error instanceof AccountError && error.code === 'IDENTITY_USERNAME_TAKEN')) throw error;
      }
    }
    return created;
  } finally {
    await dataSource.destroy();
  }
}

async function loadHistory(databaseUrl: string, schema: string): Promise<number> {
  const store = PostgresEventStore.connect({ connectionString: databaseUrl, schema, max: 4 });
  const appender = new ShardedAppender(store, 4);
  try {
    for (const append of generateHistory({ seed: 2023, counties: 1, townshipsPerCounty: 26, villagesPerTownship: 40, tenants: demoTenantSource() })) {
      await appender.push(append);
    }
    await appender.close();
    return appender.events;
  } finally {
    await store.close();
  }
}

async function main(): Promise<void> {
  const databaseUrl = process.env['DATABASE_URL'];
  if (!databaseUrl) throw new Error('DATABASE_URL is not set');
  const accounts = await createAccounts(databaseUrl, process.env['IDENTITY_SCHEMA'] ?? 'identity');
  const events = await loadHistory(databaseUrl, process.env['EVENT_STORE_SCHEMA'] ?? 'event_store');
  process.stdout.write(`demo data: ${accounts} accounts created, ${events} events appended\n`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`demo data failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
