import {
  Kind,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';

export interface QueryLimits {
  readonly maxDepth: number;
  readonly maxComplexity: number;
  /** Assumed size of a list asked for without `first`/`last`. */
  readonly defaultListSize: number;
}

export interface QueryCost {
  readonly depth: number;
  readonly complexity: number;
}

type Variables = Readonly<Record<string, unknown>>;

function sizeArgument(field: FieldNode, variables: Variables): number | null {
  for (const arg of field.arguments ?? []) {
    if (arg.name.value !== 'first' && arg.name.value !== 'last') continue;
    const value = literal(arg.value, variables);
    if (typeof value === 'number' && value >= 0) return value;
  }
  return null;
}

function literal(node: ValueNode, variables: Variables): unknown {
  if (node.kind === Kind.INT) return Number(node.value);
  if (node.kind === Kind.VARIABLE) return variables[node.name.value];
  return undefined;
}

/**
 * Depth and complexity of one operation, fragments expanded (a fragment cycle counts as the limit
 * being hit, not as an endless loop; graphql validation rejects cycles anyway). Each field costs 1;
 * a field with `first`/`last` (a connection) multiplies what is below it by that size; `edges` and
 * `node` add no depth of their own so that Relay connections are not punished twice.
 */
export function measureOperation(document: DocumentNode, operation: OperationDefinitionNode, variables: Variables, limits: QueryLimits): QueryCost {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);

  const walk = (set: SelectionSetNode, depth: number, seen: ReadonlySet<string>): QueryCost => {
    let maxDepth = depth;
    let complexity = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value.startsWith('__')) continue;
        const transparent = selection.name.value === 'edges' || selection.name.value === 'node';
        const nextDepth = transparent ? depth : depth + 1;
        let fieldCost = 1;
        if (selection.selectionSet) {
          const inner = walk(selection.selectionSet, nextDepth, seen);
          const isConnection = selection.selectionSet.selections.some((s) => s.kind === Kind.FIELD && (s.name.value === 'edges' || s.name.value === 'nodes'));
          const size = sizeArgument(selection, variables) ?? (isConnection ? limits.defaultListSize : 1);
          fieldCost += inner.complexity * size;
          maxDepth = Math.max(maxDepth, inner.depth);
        } else {
          maxDepth = Math.max(maxDepth, nextDepth);
        }
        complexity += fieldCost;
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const inner = walk(selection.selectionSet, depth, seen);
        maxDepth = Math.max(maxDepth, inner.depth);
        complexity += inner.complexity;
      } else {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        if (!fragment) continue;
        if (seen.has(name)) return { depth: Number.POSITIVE_INFINITY, complexity: Number.POSITIVE_INFINITY };
        const inner = walk(fragment.selectionSet, depth, new Set([...seen, name]));
        maxDepth = Math.max(maxDepth, inner.depth);
        complexity += inner.complexity;
      }
    }
    return { depth: maxDepth, complexity };
  };
  return walk(operation.selectionSet, 0, new Set());
}

/** The first limit an operation breaks, as a code and a Chinese message; null when within both. */
export function checkLimits(cost: QueryCost, limits: QueryLimits): { code: 'QUERY_TOO_DEEP' | 'QUERY_TOO_COMPLEX'; message: string } | null {
  if (cost.depth > limits.maxDepth) return { code: 'QUERY_TOO_DEEP', message: `查询嵌套层数超过上限（${limits.maxDepth}）` };
  if (cost.complexity > limits.maxComplexity) return { code: 'QUERY_TOO_COMPLEX', message: `查询复杂度超过上限（${limits.maxComplexity}）` };
  return null;
}
