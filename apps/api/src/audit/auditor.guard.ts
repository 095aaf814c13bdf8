import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { Role, hasRole } from '@rectify/tenancy';
import { ApiErrorCode } from '../errors/api-error-code';
import { apiError } from '../errors/to-graphql-error';
import type { ApiContext } from '../graphql/api-context';

/**
 * The audit queries are for auditors (and platform admins): on top of the global guard's
 * `ledger:read` (which inspectors and reviewers hold too), the caller must hold the auditor role.
 * Runs after the global guard, which has authenticated the caller.
 */
@Injectable()
export class AuditorGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const { auth } = GqlExecutionContext.create(context).getContext<ApiContext>();
    if (!auth.principal) throw apiError(ApiErrorCode.Unauthenticated);
    if (!hasRole(auth.principal, Role.Auditor, Role.PlatformAdmin)) throw apiError(ApiErrorCode.Forbidden);
    return true;
  }
}
