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
  return new CanonicalWriter('$').write(value);
}

/** Throws NotJsonError when `value` is not plain JSON; see canonicalJson. */
export function assertJson(value: unknown, path = '$'): asserts value is JsonValue {
  new CanonicalWriter(path).write(value);
}

/**
 * One pass over the value. The path of the value being written is kept as a stack of keys and
 * indexes and turned into text only when something has to be refused: events are written on every
 * append, and building a path string for every key cost more than the writing itself.
 */
class CanonicalWriter {
  private readonly keys: (string | number)[] = [];
  private readonly seen = new Set<object>();

  constructor(private readonly root: string) {}

  write(value: unknown): string {
    switch (typeof value) {
      case 'string':
        this.checkString(value);
        return JSON.stringify(value);
      case 'number':
        if (!Number.isFinite(value)) this.fail(`数值 ${value} 不能用 JSON 表示`);
        return JSON.stringify(value);
      case 'boolean':
        return value ? 'true' : 'false';
      case 'object':
        return value === null ? 'null' : this.writeObject(value);
      default:
        return this.fail(`类型 ${typeof value} 不能用 JSON 表示`);
    }
  }

  private writeObject(value: object): string {
    if (this.seen.has(value)) this.fail('存在循环引用');
    this.seen.add(value);
    let out: string;
    if (Array.isArray(value)) {
      out = '[';
      for (let i = 0; i < value.length; i++) {
        this.keys.push(i);
        if (!(i in value)) this.fail('数组中有空位');
        out += (i === 0 ? '' : ',') + this.write(value[i]);
        this.keys.pop();
      }
      out += ']';
    } else {
      const proto: unknown = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) {
        const kind = (value as { constructor?: { name?: string } }).constructor?.name ?? 'unknown';
        this.fail(`${kind} 对象不是普通 JSON 对象`);
      }
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record).sort();
      out = '{';
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i];
        this.keys.push(key);
        this.checkString(key);
        out += (i === 0 ? '' : ',') + JSON.stringify(key) + ':' + this.write(record[key]);
        this.keys.pop();
      }
      out += '}';
    }
    this.seen.delete(value);
    return out;
  }

  private checkString(value: string): void {
    if (!value.isWellFormed()) this.fail('字符串含有不成对的 UTF-16 代理项');
    if (value.includes('\u0000')) this.fail('字符串含有 NUL 字符');
  }

  private fail(reason: string): never {
    const path = this.keys.reduce<string>((text, key) => (typeof key === 'number' ? `${text}[${key}]` : `${text}.${key}`), this.root);
    throw new NotJsonError(path, reason);
  }
}
