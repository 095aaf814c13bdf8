/**
 * Canonical JSON (the RFC 8785 "JCS" shape): object keys sorted by UTF-16 code units, no white
 * space, numbers and strings as ECMAScript's JSON.stringify writes them. The same value always
 * gives the same text, so hashes over it can be recomputed by anyone who parses and re-serialises.
 *
 * Only plain JSON is accepted: a value that JSON cannot carry faithfully (undefined, functions,
 * symbols, bigint, NaN, Infinity, class instances such as Date, cycles, ill-formed UTF-16, or the
 * NUL character that PostgreSQL's jsonb refuses) throws a NotJsonError naming the path.
 */
export class NotJsonError extends Error {
  override readonly name = 'NotJsonError';
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`${path}: ${reason}`);
  }
}

export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | { [key: string]: JsonValue };

export function canonicalJson(value: unknown): string {
  return write(value, '$', new Set());
}

/** Throws NotJsonError when `value` is not plain JSON; see canonicalJson. */
export function assertJson(value: unknown, path = '$'): asserts value is JsonValue {
  write(value, path, new Set());
}

function write(value: unknown, path: string, seen: Set<object>): string {
  switch (typeof value) {
    case 'string':
      checkString(value, path);
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new NotJsonError(path, `数值 ${value} 不能用 JSON 表示`);
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      return value === null ? 'null' : writeObject(value, path, seen);
    default:
      throw new NotJsonError(path, `类型 ${typeof value} 不能用 JSON 表示`);
  }
}

function writeObject(value: object, path: string, seen: Set<object>): string {
  if (seen.has(value)) throw new NotJsonError(path, '存在循环引用');
  seen.add(value);
  try {
    if (Array.isArray(value)) {
      const parts: string[] = [];
      for (let i = 0; i < value.length; i++) {
        if (!(i in value)) throw new NotJsonError(`${path}[${i}]`, '数组中有空位');
        parts.push(write(value[i], `${path}[${i}]`, seen));
      }
      return `[${parts.join(',')}]`;
    }
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      const kind = (value as { constructor?: { name?: string } }).constructor?.name ?? 'unknown';
      throw new NotJsonError(path, `${kind} 对象不是普通 JSON 对象`);
    }
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record).sort();
    const parts: string[] = [];
    for (const key of keys) {
      checkString(key, `${path}.${key}`);
      parts.push(`${JSON.stringify(key)}:${write(record[key], `${path}.${key}`, seen)}`);
    }
    return `{${parts.join(',')}}`;
  } finally {
    seen.delete(value);
  }
}

function checkString(value: string, path: string): void {
  if (!value.isWellFormed()) throw new NotJsonError(path, '字符串含有不成对的 UTF-16 代理项');
  if (value.includes('\u0000')) throw new NotJsonError(path, '字符串含有 NUL 字符');
}
