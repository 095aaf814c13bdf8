import type { Principal } from '@rectify/tenancy';
import { ACCOUNT_STATUS_TTL_MS } from './account-status';

/** graphql-ws's close code for a connection that may no longer act (as for a refused connection_init). */
export const CONNECTION_FORBIDDEN_CLOSE_CODE = 4403;

interface Watched {
  readonly timer: NodeJS.Timeout;
  checking: boolean;
}

/**
 * Keeps checking the token of each open subscription socket after `connection_init`: every
 * `everyMs` the token is verified again and its account's status read (through the same
 * `AccountStatusCheck` cache as every request), and a socket whose token has expired or whose
 * account was disabled, deleted or moved is closed. Without it such a socket kept its
 * subscriptions until the client closed it. A check that fails (e.g. the identity database is
 * unreachable) leaves the socket open and is tried again at the next tick.
 */
export class ConnectionAuthWatch {
  private readonly watched = new Map<object, Watched>();

  constructor(
    private readonly check: (token: string) => Promise<Principal | null>,
    private readonly everyMs = ACCOUNT_STATUS_TTL_MS,
  ) {}

  /** Starts checking `token` for the connection `key`; `close` is called once if it stops being valid. */
  watch(key: object, token: string, close: () => void): void {
    this.forget(key);
    const timer = setInterval(() => void this.recheck(key, token, close), this.everyMs);
    timer.unref();
    this.watched.set(key, { timer, checking: false });
  }

  /** The connection closed: stop checking it. */
  forget(key: object): void {
    const watched = this.watched.get(key);
    if (!watched) return;
    clearInterval(watched.timer);
    this.watched.delete(key);
  }

  get size(): number {
    return this.watched.size;
  }

  private async recheck(key: object, token: string, close: () => void): Promise<void> {
    const watched = this.watched.get(key);
    if (!watched || watched.checking) return;
    watched.checking = true;
    let principal: Principal | null;
    try {
      principal = await this.check(token);
    } catch {
      watched.checking = false;
      return;
    }
    watched.checking = false;
    if (principal !== null || !this.watched.has(key)) return;
    this.forget(key);
    close();
  }
}
