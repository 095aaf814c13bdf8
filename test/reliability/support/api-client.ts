export interface GraphqlError {
  readonly message: string;
  readonly extensions?: { code?: string; retryable?: boolean; details?: unknown };
  readonly path?: string[];
}

/** One answer, or why there was none (the connection failed or the client timed out). */
export interface GqlResult<T> {
  readonly status: number;
  readonly data?: T | null;
  readonly errors?: GraphqlError[];
  /** Set when no HTTP answer came: the command's outcome is unknown to the client. */
  readonly transportError?: string;
  /** Wall-clock milliseconds from send to answer (or to the failure). */
  readonly ms: number;
}

/** The first error's code, `TRANSPORT` when no answer came, or null for success. */
export function errorCode(result: GqlResult<unknown>): string | null {
  if (result.transportError !== undefined) return 'TRANSPORT';
  return result.errors?.[0]?.extensions?.code ?? (result.errors?.length ? 'NO_CODE' : null);
}

/** A GraphQL-over-HTTP client that never throws: network failures and timeouts come back as results. */
export class ApiClient {
  constructor(readonly url: string) {}

  async gql<T = Record<string, unknown>>(query: string, variables: Record<string, unknown> = {}, token?: string | null, timeoutMs = 30_000): Promise<GqlResult<T>> {
    const started = Date.now();
    try {
      const response = await fetch(`${this.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      const text = await response.text();
      let json: { data?: T | null; errors?: GraphqlError[] };
      try {
        json = JSON.parse(text) as typeof json;
      } catch {
        return { status: response.status, errors: [{ message: text.slice(0, 500), extensions: { code: `HTTP_${response.status}` } }], ms: Date.now() - started };
      }
      return { status: response.status, ...json, ms: Date.now() - started };
    } catch (error) {
      const cause = error instanceof Error ? `${error.name}: ${error.message}${error.cause instanceof Error ? ` (${error.cause.message})` : ''}` : String(error);
      return { status: 0, transportError: cause, ms: Date.now() - started };
    }
  }

  /** Data, or an Error carrying the errors (for setup steps that must succeed). */
  async must<T>(query: string, variables: Record<string, unknown>, token: string | null): Promise<T> {
    const result = await this.gql<T>(query, variables, token);
    if (result.transportError !== undefined || result.errors || !result.data) throw new Error(`${query.slice(0, 80)}…: ${JSON.stringify(result)}`);
    return result.data;
  }

  async login(username: string, password: string): Promise<string> {
    const data = await this.must<{ login: { token: string } }>('mutation($u: String!, $p: String!) { login(input: { username: $u, password: $p }) { token } }', { u: username, p: password }, null);
    return data.login.token;
  }

  /** The API answers GraphQL at all (a boot probe). */
  async answers(): Promise<boolean> {
    const result = await this.gql('{ __typename }', {}, null, 2_000);
    return result.status === 200;
  }

  /** GET /health/ready: the HTTP status (0 when the API does not answer) and the body. */
  async ready(timeoutMs = 10_000): Promise<{ status: number; body: unknown; ms: number }> {
    const started = Date.now();
    try {
      const response = await fetch(`${this.url}/health/ready`, { signal: AbortSignal.timeout(timeoutMs) });
      return { status: response.status, body: (await response.json()) as unknown, ms: Date.now() - started };
    } catch (error) {
      return { status: 0, body: String(error), ms: Date.now() - started };
    }
  }
}
