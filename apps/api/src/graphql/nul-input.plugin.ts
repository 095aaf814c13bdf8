import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { GraphQLError, visit, type DocumentNode } from 'graphql';
import { ApiErrorCode } from '../errors/api-error-code';

const NUL = '\u0000';

function nulIn(value: unknown, path: string): string | null {
  if (typeof value === 'string') return value.includes(NUL) ? path : null;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = nulIn(item, `${path}[${i}]`);
      if (found) return found;
    }
    return null;
  }
  if (value !== null && typeof value === 'object') {
    for (const [k, item] of Object.entries(value)) {
      const found = nulIn(item, path ? `${path}.${k}` : k);
      if (found) return found;
    }
  }
  return null;
}

/**
 * Where a NUL character (U+0000) sits in an operation's variables or string literals, or null.
 * PostgreSQL cannot store it in text or jsonb, so no input may carry one.
 */
export function findNulCharacter(document: DocumentNode, variables: Readonly<Record<string, unknown>>): string | null {
  const inVariables = nulIn(variables, '');
  if (inVariables) return `$${inVariables}`;
  let inLiteral: string | null = null;
  visit(document, {
    StringValue(node) {
      if (inLiteral === null && node.value.includes(NUL)) inLiteral = `line ${node.loc?.startToken.line ?? '?'}`;
    },
  });
  return inLiteral;
}

export function nulInputError(where: string): GraphQLError {
  return new GraphQLError('输入内容不能包含空字符（U+0000）', {
    extensions: { code: ApiErrorCode.BadUserInput, details: { fields: [{ field: where, problems: ['不能包含空字符（U+0000）'] }] }, http: { status: 400 } },
  });
}

/** Refuses, before any resolver runs, an operation whose input holds a NUL character: BAD_USER_INPUT. */
export function nulInputPlugin(): ApolloServerPlugin<BaseContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, request }) {
          const where = findNulCharacter(document, request.variables ?? {});
          if (where) throw nulInputError(where);
        },
      };
    },
  };
}
