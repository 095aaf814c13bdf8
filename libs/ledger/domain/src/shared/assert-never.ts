/** Closes a `switch` over a union: it fails to compile when a case is missing. */
export function assertNever(value: never, what: string): never {
  throw new Error(`未处理的${what}: ${JSON.stringify(value)}`);
}
