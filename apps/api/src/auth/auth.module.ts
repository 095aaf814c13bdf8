import { Global, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { AccountService } from '@rectify/identity';
import { GraphqlExceptionFilter } from '../errors/graphql-exception.filter';
import { AccountStatusCheck } from './account-status';
import { PermissionGuard } from './permission.guard';

/**
 * The global guard (every handler is denied unless it declares a permission the caller holds) and
 * error filter; AccountStatusCheck is exported for the HTTP routes that authenticate themselves
 * (report downloads, imports).
 */
@Global()
@Module({
  providers: [
    { provide: AccountStatusCheck, inject: [AccountService], useFactory: (accounts: AccountService) => new AccountStatusCheck(accounts) },
    { provide: APP_GUARD, useClass: PermissionGuard },
    { provide: APP_FILTER, useClass: GraphqlExceptionFilter },
  ],
  exports: [AccountStatusCheck],
})
export class AuthModule {}
