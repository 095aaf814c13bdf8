import { Inject } from '@nestjs/common';
import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { AccountService } from '@rectify/identity';
import { ALL_ROLES, type Principal, type Role } from '@rectify/tenancy';
import { CurrentPrincipal } from '../../auth/current-principal.decorator';
import { Permission } from '../../auth/permission';
import { RequirePermission } from '../../auth/permission.decorator';
import { toAccountObject } from '../identity.mappers';
import { CreateAccountInput } from '../inputs/create-account.input';
import { AccountObjectType } from '../object-types/account.object-type';

function isRole(value: string): value is Role {
  return (ALL_ROLES as readonly string[]).includes(value);
}

/** 账号管理: a tenant admin manages the accounts of its subtree. */
@Resolver()
export class AccountResolver {
  constructor(@Inject(AccountService) private readonly accountService: AccountService) {}

  @Mutation(() => AccountObjectType, { description: '新建账号' })
  @RequirePermission(Permission.AccountManage)
  async createAccount(@Args('input', { type: () => CreateAccountInput }) input: CreateAccountInput, @CurrentPrincipal() principal: Principal): Promise<AccountObjectType> {
    const created = await this.accountService.create(
      { username: input.username, displayName: input.displayName, password: input.password, tenantCode: input.tenantCode, roles: input.roles.filter(isRole) },
      principal,
    );
    return toAccountObject(created);
  }

  @Query(() => [AccountObjectType], { description: '本单位及下级的账号' })
  @RequirePermission(Permission.AccountManage)
  async accounts(@CurrentPrincipal() principal: Principal): Promise<AccountObjectType[]> {
    return (await this.accountService.list(principal.tenantPath)).map(toAccountObject);
  }
}
