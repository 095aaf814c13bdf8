import { Inject } from '@nestjs/common';
import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { AccountService, TenantDirectory, TokenService, principalOfAccount } from '@rectify/identity';
import type { Principal } from '@rectify/tenancy';
import { CurrentPrincipal } from '../../auth/current-principal.decorator';
import { Permission } from '../../auth/permission';
import { RequirePermission } from '../../auth/permission.decorator';
import { ApiErrorCode } from '../../errors/api-error-code';
import { apiError } from '../../errors/to-graphql-error';
import { toViewer } from '../identity.mappers';
import { LoginInput } from '../inputs/login.input';
import { LoginPayloadObjectType } from '../object-types/login-payload.object-type';
import { ViewerObjectType } from '../object-types/viewer.object-type';

/** 登录 and 当前用户. */
@Resolver()
export class SessionResolver {
  constructor(
    @Inject(AccountService) private readonly accounts: AccountService,
    @Inject(TokenService) private readonly tokens: TokenService,
    @Inject(TenantDirectory) private readonly directory: TenantDirectory,
  ) {}

  @Mutation(() => LoginPayloadObjectType, { description: '用户名密码登录，返回访问令牌' })
  @RequirePermission(Permission.Public)
  async login(@Args('input', { type: () => LoginInput }) input: LoginInput): Promise<LoginPayloadObjectType> {
    const account = await this.accounts.authenticate(input.username, input.password);
    if (!account) throw apiError(ApiErrorCode.Unauthenticated, '用户名或密码错误');
    const principal = principalOfAccount(account);
    const { token, expiresAt } = this.tokens.issue(principal);
    const tenant = await this.directory.findByPath(principal.tenantPath, principal.tenantPath);
    return { token, expiresAt, viewer: toViewer(principal, tenant) };
  }

  @Query(() => ViewerObjectType, { description: '当前登录用户' })
  @RequirePermission(Permission.SessionRead)
  async me(@CurrentPrincipal() principal: Principal): Promise<ViewerObjectType> {
    const tenant = await this.directory.findByPath(principal.tenantPath, principal.tenantPath);
    return toViewer(principal, tenant);
  }
}
