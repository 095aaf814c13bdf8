import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { GraphQLError, visit, type DocumentNode } from 'graphql';
import { ApiErrorCode } from '../errors/api-error-code';

const NUL = '\u0000';
/** No input of the schema nests anywhere near this deep; JSON bodies can nest 100,000 deep. */
export const MAX_VARIABLE_DEPTH = 32;

export interface InputProblem {
  readonly field: string;
  readonly problem: string;
}

/** Walks the variables without recursion (a hostile body may nest arrays 100,000 deep). */
function variablesProblem(variables: Readonly<Record<string, unknown>>): InputProblem | null {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value: variables, path: '$', depth: 0 }];
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop() as { value: unknown; path: string; depth: number };
    if (typeof value === 'string') {
      if (value.includes(NUL)) return { field: path, problem: '不能包含空字符（U+0000）' };
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth > MAX_VARIABLE_DEPTH) return { field: path, problem: `嵌套层级超过 ${MAX_VARIABLE_DEPTH}` };
    const entries = Array.isArray(value) ? value.map((v, i) => [`[${i}]`, v] as const) : Object.entries(value).map(([k, v]) => [`.${k}`, v] as const);
    for (const [step, child] of entries) stack.push({ value: child, path: `${path}${step}`, depth: depth + 1 });
  }
  return null;
}

/**
 * What no operation may carry, or null: a NUL character (U+0000) in a variable or a string literal
 * (PostgreSQL cannot store it in text or jsonb), or variables nested deeper than
 * MAX_VARIABLE_DEPTH.
 */
export function findInputProblem(document: DocumentNode, variables: Readonly<Record<string, unknown>>): InputProblem | null {
  const inVariables = variablesProblem(variables);
  if (inVariables) return inVariables;
  let inLiteral: InputProblem | null = null;
  visit(document, {
    StringValue(node) {
      if (inLiteral === null && node.value.includes(NUL)) inLiteral = { field: `line ${node.loc?.startToken.line ?? '?'}`, problem: '不能包含空字符（U+0000）' };
    },
  });
  return inLiteral;
}

export function inputProblemError(problem: InputProblem): GraphQLError {
  return new GraphQLError(`输入内容有误：${problem.problem}`, {
    extensions: { code: ApiErrorCode.BadUserInput, details: { fields: [{ field: problem.field, problems: [problem.problem] }] }, http: { status: 400 } },
  });
}

/**
 * Refuses such an operation before any resolver runs: BAD_USER_INPUT, HTTP 400; and a subscription
 * sent over HTTP: BAD_REQUEST.
 */
export function inputGuardPlugin(): ApolloServerPlugin<BaseContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operation, request }) {
          // Apollo's pipeline only sees HTTP requests (graphql-ws runs subscriptions itself), where a
          // subscription would resolve without its event source
          if (operation?.operation === 'subscription') {
            throw new GraphQLError('订阅请通过 WebSocket（graphql-ws）连接 /graphql', { extensions: { code: 'BAD_REQUEST', http: { status: 400 } } });
          }
          const problem = findInputProblem(document, request.variables ?? {});
          if (problem) throw inputProblemError(problem);
        },
      };
    },
  };
}
