import { HttpException, HttpStatus } from '@nestjs/common';
import type { TokenService } from '@rectify/identity';
import type { Principal } from '@rectify/tenancy';
import { activePrincipal, type AccountStatusCheck } from '../../auth/account-status';
import { bearerToken } from '../../auth/request-auth';
import { rolesAllow, type Permission } from '../../auth/permission';
import { MESSAGES } from '../../errors/api-error-code';

/** An HTTP error with the API's stable code and Chinese message (no stack, no internals). */
export function httpError(status: HttpStatus, code: string, message: string, details?: unknown): HttpException {
  return new HttpException({ code, message, ...(details === undefined ? {} : { details }) }, status);
}

export const notFound = (): HttpException => httpError(HttpStatus.NOT_FOUND, 'NOT_FOUND', MESSAGES.NOT_FOUND);

/**
 * The HTTP routes' version of the GraphQL guard (which only lets HTTP handlers marked public
 * through): verifies the bearer token, that its account is still active (the same
 * AccountStatusCheck, so a disabled account can no longer download or import either) and the
 * permission, and returns the principal.
 */
export async function authenticate(
  tokens: TokenService,
  accountStatus: Pick<AccountStatusCheck, 'isActive'>,
  authorization: string | string[] | undefined,
  permission: Permission,
): Promise<Principal> {
  const token = bearerToken(authorization);
  const principal = token ? await activePrincipal(tokens, accountStatus, token) : null;
  if (!principal) throw httpError(HttpStatus.UNAUTHORIZED, 'UNAUTHENTICATED', MESSAGES.UNAUTHENTICATED);
  if (!rolesAllow(principal.roles, permission)) throw httpError(HttpStatus.FORBIDDEN, 'FORBIDDEN', MESSAGES.FORBIDDEN);
  return principal;
}
