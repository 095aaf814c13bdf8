import { type CanActivate, type ExecutionContext, Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext, type GqlContextType } from '@nestjs/graphql';
import { TokenService } from '@rectify/identity';
import type { ApiContext } from '../graphql/api-context';
import { ApiErrorCode } from '../errors/api-error-code';
import { apiError } from '../errors/to-graphql-error';
import { AccountStatusCheck, activePrincipal } from './account-status';
import { Permission, rolesAllow } from './permission';
import { PERMISSION_KEY } from './permission.decorator';

/**
 * The global guard. It denies by default: a handler without @RequirePermission is refused. For
 * the rest it verifies the bearer token (once per request) and that its account is still active
 * (AccountStatusCheck), checks the roles, and sets the principal that @CurrentPrincipal() reads.
 */
@Injectable()
export class PermissionGuard implements CanActivate {
  private readonly logger = new Logger(PermissionGuard.name);

  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(TokenService) private readonly tokens: TokenService,
    @Optional() @Inject(AccountStatusCheck) private readonly accountStatus: AccountStatusCheck | null = null,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const permission = this.reflector.get<Permission | undefined>(PERMISSION_KEY, context.getHandler());
    if (context.getType<GqlContextType>() !== 'graphql') {
      // HTTP controllers (the IDE's static files) are public by declaration, or refused.
      return permission === Permission.Public;
    }
    if (permission === undefined) {
      this.logger.error(`${context.getClass().name}.${context.getHandler().name} has no @RequirePermission: denied`);
      throw apiError(ApiErrorCode.Forbidden);
    }
    if (permission === Permission.Public) return true;

    const { auth } = GqlExecutionContext.create(context).getContext<ApiContext>();
    if (!auth.principal) {
      if (!auth.token) throw apiError(ApiErrorCode.Unauthenticated);
      // a disabled or deleted account's token stops working (within ACCOUNT_STATUS_TTL_MS)
      const principal = await activePrincipal(this.tokens, this.accountStatus, auth.token);
      if (!principal) throw apiError(ApiErrorCode.Unauthenticated);
      auth.principal = principal;
    }
    if (!rolesAllow(auth.principal.roles, permission)) throw apiError(ApiErrorCode.Forbidden);
    return true;
  }
}
