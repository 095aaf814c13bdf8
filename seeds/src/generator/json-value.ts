import { type JsonValue } from '@rectify/shared-util';

/** True for plain JSON (no undefined, functions, non-finite numbers, class instances). */
export function isJsonValue(value: unknown): value is JsonValue {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value);
    case 'object': {
      if (value === null) return true;
      if (Array.isArray(value)) return value.every(isJsonValue);
      const proto: unknown = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) return false;
      return Object.values(value).every(isJsonValue);
    }
    default:
      return false;
  }
}

/** The value typed as JSON, after checking that it is; throws otherwise. */
export function jsonOf(value: unknown, what: string): JsonValue {
  if (!isJsonValue(value)) throw new TypeError(`${what} is not plain JSON`);
  return value;
}
