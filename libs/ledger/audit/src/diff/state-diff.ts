import type { JsonValue } from '@rectify/shared-util';

/**
 * One field that differs between two folded states. `path` names it from the root of the state:
 * `status`, `plan.deadline.date`, `progress[1]`, `extensions[0].newDueDate`. `from`/`to` are plain
 * JSON; a field that is absent (or null) on one side is `null` there.
 */
export interface FieldChange {
  readonly path: string;
  readonly from: JsonValue;
  readonly to: JsonValue;
}

type JsonObject = { readonly [key: string]: JsonValue };

function isObject(value: JsonValue): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Plain JSON of a folded state (the deciders' states are plain JSON already; this drops `undefined`). */
export function toJson(value: unknown): JsonValue {
  if (value === undefined) return null;
  return JSON.parse(JSON.stringify(value)) as JsonValue;
}

function sameJson(a: JsonValue, b: JsonValue): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => sameJson(x, b[i] ?? null));
  if (isObject(a) && isObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const key of keys) if (!sameJson(a[key] ?? null, b[key] ?? null)) return false;
    return true;
  }
  return false;
}

function child(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

function walk(path: string, from: JsonValue, to: JsonValue, out: FieldChange[]): void {
  if (sameJson(from, to)) return;
  if (isObject(from) && isObject(to)) {
    const keys = [...new Set([...Object.keys(from), ...Object.keys(to)])].sort();
    for (const key of keys) walk(child(path, key), from[key] ?? null, to[key] ?? null, out);
    return;
  }
  if (Array.isArray(from) && Array.isArray(to)) {
    for (let i = 0; i < Math.max(from.length, to.length); i++) walk(`${path}[${i}]`, from[i] ?? null, to[i] ?? null, out);
    return;
  }
  out.push({ path, from, to });
}

/**
 * Field-by-field differences between two states, in path order (object keys sorted, array items by
 * index). Objects on both sides are compared field by field, arrays item by item; anything else
 * (a value replaced by null, an object by an array…) is one change at that path. A stream's first
 * event turns `null` into a state: each of its non-null top-level fields is then one change.
 */
export function diffStates(before: unknown, after: unknown): FieldChange[] {
  const from = toJson(before);
  const to = toJson(after);
  const out: FieldChange[] = [];
  if (from === null && isObject(to)) walk('', {}, to, out);
  else if (to === null && isObject(from)) walk('', from, {}, out);
  else walk('', from, to, out);
  return out;
}
