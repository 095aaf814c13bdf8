import 'reflect-metadata';
import { AccountError, AccountService, PasswordHasher, createIdentityDataSource, passwordWeaknesses } from '@rectify/identity';
import { Role } from '@rectify/tenancy';

/**
 * Creates the first platform administrator:
 *   DATABASE_URL=… node -r ./tools/register.js apps/api/src/cli/create-platform-admin.ts \
 *     --username admin --tenant 411000 [--name 平台管理员]   (password from RECTIFY_ADMIN_PASSWORD)
 * Arguments win over the environment (RECTIFY_ADMIN_USERNAME, RECTIFY_ADMIN_PASSWORD,
 * RECTIFY_ADMIN_TENANT, IDENTITY_SCHEMA). A weak password is refused. Run prepare-database first.
 */
export function parseArgs(argv: readonly string[], env: Readonly<Record<string, string | undefined>>) {
  const args = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const key = argv[i];
    if (key.startsWith('--') && i + 1 < argv.length) args.set(key.slice(2), argv[++i]);
  }
  const pick = (arg: string, variable: string): string | undefined => args.get(arg) ?? env[variable];
  return {
    databaseUrl: env['DATABASE_URL'],
    schema: env['IDENTITY_SCHEMA'] ?? 'identity',
    username: pick('username', 'RECTIFY_ADMIN_USERNAME'),
    password: pick('password', 'RECTIFY_ADMIN_PASSWORD'),
    tenantCode: pick('tenant', 'RECTIFY_ADMIN_TENANT'),
    displayName: pick('name', 'RECTIFY_ADMIN_NAME') ?? '平台管理员',
  };
}

async function main(): Promise<number> {
  const options = parseArgs(process.argv.slice(2), process.env);
  const missing = (['databaseUrl', 'username', 'password', 'tenantCode'] as const).filter((k) => !options[k]);
  if (missing.length > 0) {
    process.stderr.write(`missing: ${missing.join(', ')} (DATABASE_URL, --username, RECTIFY_ADMIN_PASSWORD or --password, --tenant)\n`);
    return 2;
  }
  const { databaseUrl = '', username = '', password = '', tenantCode = '' } = options;
  const weak = passwordWeaknesses(password, username);
  if (weak.length > 0) {
    process.stderr.write(`密码强度不足：${weak.join('；')}\n`);
    return 3;
  }
  const dataSource = await createIdentityDataSource({ url: databaseUrl, schema: options.schema, poolSize: 2 }).initialize();
  try {
    const account = await new AccountService(dataSource, new PasswordHasher()).create({ username, password, tenantCode, displayName: options.displayName, roles: [Role.PlatformAdmin] }, null);
    process.stdout.write(`created platform admin ${account.username} (${account.userId}) at ${account.tenantPath}\n`);
    return 0;
  } catch (error) {
    if (error instanceof AccountError) {
      process.stderr.write(`${error.code}: ${error.message} ${JSON.stringify(error.details)}\n`);
      return 4;
    }
    throw error;
  } finally {
    await dataSource.destroy();
  }
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
