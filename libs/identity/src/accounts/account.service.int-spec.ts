import { dropSchema, testDatabaseUrl, uniqueName } from '@rectify/shared-testing';
import { Role, type Principal } from '@rectify/tenancy';
import { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import { createIdentityDataSource } from '../identity-data-source';
import { runIdentityMigrations } from '../migrations';
import { PasswordHasher } from '../password/password-hasher';
import { TenantDirectory } from '../tenants/tenant-directory';
import { AccountError, AccountService, principalOfAccount } from './account.service';

const TENANTS = [
  { code: '411000', name: '许昌市', level: 'city' as const, parentCode: null, path: '411000' },
  { code: '411081', name: '禹州市', level: 'county' as const, parentCode: '411000', path: '411000/411081' },
  { code: '411024', name: '鄢陵县', level: 'county' as const, parentCode: '411000', path: '411000/411024' },
  { code: '411081005', name: '褚河街道', level: 'township' as const, parentCode: '411081', path: '411000/411081/411081005' },
];
const PASSWORD = 'Yuzhou#Chuhe-2023';

describe('AccountService and TenantDirectory', () => {
  const schema = uniqueName('identity');
  let dataSource: DataSource;
  let accounts: AccountService;
  let directory: TenantDirectory;
  let countyAdmin: Principal;

  beforeAll(async () => {
    dataSource = createIdentityDataSource({ url: testDatabaseUrl(), schema, poolSize: 2 });
    await dataSource.initialize();
    expect(await runIdentityMigrations(dataSource)).toEqual(['IdentityInitial1733200000000']);
    expect(await runIdentityMigrations(dataSource)).toEqual([]);
    directory = new TenantDirectory(dataSource);
    await directory.load(TENANTS);
    accounts = new AccountService(dataSource, new PasswordHasher({ N: 1024, r: 8, p: 1 }));
    const admin = await accounts.create({ username: 'yuzhou.admin', displayName: '禹州管理员', password: PASSWORD, tenantCode: '411081', roles: [Role.TenantAdmin] }, null);
    countyAdmin = principalOfAccount(admin);
  });

  afterAll(async () => {
    await dataSource.destroy();
    const pool = new Pool({ connectionString: testDatabaseUrl(), max: 1 });
    await dropSchema(pool, schema);
    await pool.end();
  });

  it('loads the directory idempotently and scopes lookups', async () => {
    await directory.load(TENANTS);
    expect(await directory.findByCode('411081005', '411000/411081')).toMatchObject({ name: '褚河街道', level: 'township' });
    expect(await directory.findByCode('411024', '411000/411081')).toBeNull();
    expect((await directory.childrenOf('411000', '411000')).map((t) => t.code)).toEqual(['411024', '411081']);
  });

  it('keeps tenants found by code for the TTL only, never a miss, and forgets them on load', async () => {
    let now = 1_000_000;
    const cached = new TenantDirectory(dataSource, { cacheTtlMs: 60_000, now: () => now });
    expect(await cached.findByCode('411081005', '411000')).toMatchObject({ name: '褚河街道' });
    await dataSource.query(`UPDATE ${schema}.tenant SET name = '褚河街道办事处' WHERE code = '411081005'`);
    now += 59_000;
    expect(await cached.findByCode('411081005', '411000')).toMatchObject({ name: '褚河街道' }); // within the TTL
    expect(await cached.findByCode('411081005', '411000/411024')).toBeNull(); // the scope is still checked on a hit
    now += 2_000;
    expect(await cached.findByCode('411081005', '411000')).toMatchObject({ name: '褚河街道办事处' });

    expect(await cached.findByCode('411081100', '411000')).toBeNull();
    await dataSource.query(`INSERT INTO ${schema}.tenant (code, name, level, parent_code, path) VALUES ('411081100', '火龙镇', 'township', '411081', '411000/411081/411081100')`);
    expect(await cached.findByCode('411081100', '411000')).toMatchObject({ name: '火龙镇' }); // a miss is not kept

    await cached.load(TENANTS); // restores 褚河街道's name and forgets what this process kept
    expect(await cached.findByCode('411081005', '411000')).toMatchObject({ name: '褚河街道' });
    await dataSource.query(`DELETE FROM ${schema}.tenant WHERE code = '411081100'`);
  });

  it('authenticates with the right password only, and answers unknown users the same way', async () => {
    expect(await accounts.authenticate('YUZHOU.ADMIN', PASSWORD)).toMatchObject({ tenantPath: '411000/411081', roles: ['tenant_admin'] });
    expect(await accounts.authenticate('yuzhou.admin', 'Wrong#Password-1')).toBeNull();
    expect(await accounts.authenticate('nobody', PASSWORD)).toBeNull();
  });

  it('lets a tenant admin create accounts in its subtree only, never platform admins', async () => {
    const inspector = await accounts.create({ username: 'chuhe.inspector', displayName: '褚河排查员', password: PASSWORD, tenantCode: '411081005', roles: [Role.Inspector] }, countyAdmin);
    expect(inspector.tenantPath).toBe('411000/411081/411081005');
    await expect(
      accounts.create({ username: 'yanling.x', displayName: 'x', password: PASSWORD, tenantCode: '411024', roles: [Role.Inspector] }, countyAdmin),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      accounts.create({ username: 'sneaky', displayName: 'x', password: PASSWORD, tenantCode: '411081', roles: [Role.PlatformAdmin] }, countyAdmin),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect((await accounts.list('411000/411081')).map((a) => a.username)).toEqual(['chuhe.inspector', 'yuzhou.admin']);
    expect(await accounts.list('411000/411024')).toEqual([]);
  });

  it('refuses weak passwords and taken usernames with stable codes', async () => {
    const weak = accounts.create({ username: 'weak.user', displayName: 'w', password: 'password', tenantCode: '411081', roles: [Role.Auditor] }, null);
    await expect(weak).rejects.toBeInstanceOf(AccountError);
    await expect(weak).rejects.toMatchObject({ code: 'IDENTITY_WEAK_PASSWORD' });
    await expect(
      accounts.create({ username: 'yuzhou.admin', displayName: 'again', password: PASSWORD, tenantCode: '411081', roles: [Role.Auditor] }, null),
    ).rejects.toMatchObject({ code: 'IDENTITY_USERNAME_TAKEN' });
  });
});
