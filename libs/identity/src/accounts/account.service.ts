import { randomUUID } from 'node:crypto';
import { ALL_ROLES, Role, descendantsLikePattern, hasRole, isWithinScope, type Principal } from '@rectify/tenancy';
import { type DataSource, type Repository } from 'typeorm';
import { TenantEntity, UserAccountEntity } from '../entities';
import type { PasswordHasher } from '../password/password-hasher';
import { passwordWeaknesses } from '../password/password-policy';

export interface NewAccount {
  readonly username: string;
  readonly displayName: string;
  readonly password: string;
  readonly tenantCode: string;
  readonly roles: readonly Role[];
}

export interface AccountView {
  readonly userId: string;
  readonly username: string;
  readonly displayName: string;
  readonly tenantCode: string;
  readonly tenantPath: string;
  readonly roles: readonly Role[];
  readonly disabled: boolean;
  readonly createdAt: Date;
}

/** Why an account could not be created; `code` is stable, the message Chinese. */
export class AccountError extends Error {
  override readonly name = 'AccountError';
  constructor(
    readonly code: 'IDENTITY_WEAK_PASSWORD' | 'IDENTITY_USERNAME_TAKEN' | 'IDENTITY_INVALID_INPUT' | 'NOT_FOUND' | 'FORBIDDEN',
    message: string,
    readonly details: Record<string, string | string[]> = {},
  ) {
    super(message);
  }
}

const USERNAME = /^[a-z0-9][a-z0-9._-]{2,63}$/;

function toView(e: UserAccountEntity): AccountView {
  return {
    userId: e.userId,
    username: e.username,
    displayName: e.displayName,
    tenantCode: e.tenantCode,
    tenantPath: e.tenantPath,
    roles: e.roles.filter((r): r is Role => (ALL_ROLES as readonly string[]).includes(r)),
    disabled: e.disabled,
    createdAt: e.createdAt,
  };
}

export function principalOfAccount(account: AccountView): Principal {
  return {
    userId: account.userId,
    username: account.username,
    displayName: account.displayName,
    tenantId: account.tenantCode,
    tenantPath: account.tenantPath,
    roles: account.roles,
  };
}

/** Local accounts: creation within the creator's subtree, and password authentication. */
export class AccountService {
  private readonly accounts: Repository<UserAccountEntity>;
  private readonly tenants: Repository<TenantEntity>;

  constructor(
    dataSource: DataSource,
    private readonly hasher: PasswordHasher,
  ) {
    this.accounts = dataSource.getRepository(UserAccountEntity);
    this.tenants = dataSource.getRepository(TenantEntity);
  }

  /**
   * Creates an account in `creator`'s subtree (a tenant admin) or anywhere (a platform admin, or
   * `creator: null` for the bootstrap CLI). Only a platform admin grants platform_admin.
   */
  async create(input: NewAccount, creator: Principal | null): Promise<AccountView> {
    const username = input.username.trim().toLowerCase();
    if (!USERNAME.test(username)) {
      throw new AccountError('IDENTITY_INVALID_INPUT', '用户名须为3-64位小写字母、数字、点、下划线或连字符', { field: 'username' });
    }
    if (input.displayName.trim().length === 0) throw new AccountError('IDENTITY_INVALID_INPUT', '姓名不能为空', { field: 'displayName' });
    if (input.roles.length === 0) throw new AccountError('IDENTITY_INVALID_INPUT', '至少需要一个角色', { field: 'roles' });
    const weaknesses = passwordWeaknesses(input.password, username);
    if (weaknesses.length > 0) throw new AccountError('IDENTITY_WEAK_PASSWORD', '密码强度不足', { field: 'password', problems: weaknesses });

    const tenant = await this.tenants.findOneBy({ code: input.tenantCode });
    const scope = creator?.tenantPath ?? null;
    if (!tenant || (scope !== null && !isWithinScope(tenant.path, scope))) {
      throw new AccountError('NOT_FOUND', '未找到该记录，或无权访问', { field: 'tenantCode' });
    }
    if (creator && !hasRole(creator, Role.PlatformAdmin)) {
      if (!hasRole(creator, Role.TenantAdmin) || input.roles.includes(Role.PlatformAdmin)) {
        throw new AccountError('FORBIDDEN', '当前角色无权执行此操作');
      }
    }
    if (await this.accounts.existsBy({ username })) {
      throw new AccountError('IDENTITY_USERNAME_TAKEN', '用户名已被占用', { field: 'username' });
    }
    const entity = this.accounts.create({
      userId: randomUUID(),
      username,
      displayName: input.displayName.trim(),
      tenantCode: tenant.code,
      tenantPath: tenant.path,
      roles: [...new Set(input.roles)],
      passwordHash: await this.hasher.hash(input.password),
      disabled: false,
      createdAt: new Date(),
      createdBy: creator?.userId ?? null,
    });
    await this.accounts.insert(entity);
    return toView(entity);
  }

  /**
   * The account for a username and password, or null. Unknown users, disabled accounts and wrong
   * passwords take the same time and give the same answer.
   */
  async authenticate(username: string, password: string): Promise<AccountView | null> {
    const account = await this.accounts.findOneBy({ username: username.trim().toLowerCase() });
    if (!account) return this.hasher.verifyNothing(password).then(() => null);
    const ok = await this.hasher.verify(password, account.passwordHash);
    return ok && !account.disabled ? toView(account) : null;
  }

  /** An account the scope covers, or null. */
  async find(userId: string, scope: string): Promise<AccountView | null> {
    const account = await this.accounts.findOneBy({ userId });
    return account && isWithinScope(account.tenantPath, scope) ? toView(account) : null;
  }

  async list(scope: string): Promise<AccountView[]> {
    const rows = await this.accounts
      .createQueryBuilder('a')
      .where(`(a.tenant_path = :scope OR a.tenant_path LIKE :below ESCAPE '\\')`, { scope, below: descendantsLikePattern(scope) })
      .orderBy('a.username', 'ASC')
      .getMany();
    return rows.map(toView);
  }
}
