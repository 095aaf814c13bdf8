import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { Principal } from '@rectify/tenancy';
import type { ApiContext } from '../graphql/api-context';

/** The caller the guard authenticated. Throws when no guard set one: a wiring bug, never a 200. */
export function principalFrom(context: ApiContext): Principal {
  const principal = context.auth.principal;
  if (!principal) throw new Error('@CurrentPrincipal() used where no guard authenticated the caller');
  return principal;
}

export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext): Principal => {
  return principalFrom(GqlExecutionContext.create(context).getContext<ApiContext>());
});
