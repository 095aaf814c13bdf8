import { Kind, parse, type OperationDefinitionNode } from 'graphql';
import { checkLimits, measureOperation, type QueryLimits } from './query-limits';

const limits: QueryLimits = { maxDepth: 4, maxComplexity: 200, defaultListSize: 20 };

function measure(query: string, variables: Record<string, unknown> = {}) {
  const document = parse(query);
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (!operation) throw new Error('no operation');
  return measureOperation(document, operation, variables, limits);
}

describe('query limits', () => {
  it('counts depth through fragments, but not through edges/node', () => {
    const cost = measure(`{ entries(first: 2) { edges { node { ...E } } } } fragment E on Entry { campaign { parent { title } } }`);
    expect(cost.depth).toBe(4);
    expect(checkLimits(cost, limits)).toBeNull();
    expect(checkLimits(measure(`{ a { b { c { d { e } } } } }`), limits)).toMatchObject({ code: 'QUERY_TOO_DEEP' });
  });

  it('multiplies by first/last, from literals and variables, and by a default for a connection without one', () => {
    expect(measure(`query($n: Int) { entries(first: $n) { edges { node { id title } } } }`, { n: 10 }).complexity).toBe(1 + 10 * 4);
    expect(measure(`{ entries { edges { node { id } } } }`).complexity).toBe(1 + 20 * 3);
    expect(checkLimits(measure(`{ entries(first: 100) { edges { node { id x y } } } }`), limits)).toMatchObject({ code: 'QUERY_TOO_COMPLEX' });
  });

  it('treats a fragment cycle as over the limit', () => {
    const cost = measure(`{ a { ...F } } fragment F on A { b { ...F } }`);
    expect(checkLimits(cost, limits)).not.toBeNull();
  });
});
