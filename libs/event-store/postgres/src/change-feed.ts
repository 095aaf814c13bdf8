import { Client, type ClientConfig, type Pool } from 'pg';

/**
 * Wakes subscribers when events may have been appended, across processes: LISTEN on one channel,
 * NOTIFY after appends. The NOTIFY is sent after the append has committed, from its own tiny
 * statement, and debounced: PostgreSQL serialises the commits of transactions that NOTIFY, so
 * notifying inside every append would cost the store its group commit. A lost or late notification
 * only delays a subscriber until its next poll; it never loses an event.
 */
export class PgChangeFeed {
  private readonly listeners = new Set<() => void>();
  private client: Client | null = null;
  private connecting: Promise<void> | null = null;
  private notifyTimer: NodeJS.Timeout | null = null;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    private readonly pool: Pool,
    readonly channel: string,
    /** Connection settings for the LISTEN connection; null disables cross-process wake-ups. */
    private readonly listenConfig: ClientConfig | null,
    private readonly notifyDelayMs: number,
  ) {}

  /** Registers a listener; returns the function that removes it. */
  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    void this.ensureListening();
    return () => {
      this.listeners.delete(listener);
    };
  };

  /** Call after events were committed: wakes local subscribers now, remote ones soon. */
  appended(): void {
    this.wakeAll();
    if (this.closed || this.notifyTimer) return;
    this.notifyTimer = setTimeout(() => {
      this.notifyTimer = null;
      this.pool.query('SELECT pg_notify($1, $2)', [this.channel, '']).catch(() => undefined);
    }, this.notifyDelayMs);
    this.notifyTimer.unref();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.notifyTimer) clearTimeout(this.notifyTimer);
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.listeners.clear();
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private wakeAll(): void {
    for (const listener of this.listeners) listener();
  }

  private ensureListening(): Promise<void> {
    if (this.closed || !this.listenConfig || this.client) return Promise.resolve();
    this.connecting ??= this.connect().finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  private async connect(): Promise<void> {
    const client = new Client(this.listenConfig ?? undefined);
    const retry = (): void => {
      if (this.client === client) this.client = null;
      client.removeAllListeners();
      client.end().catch(() => undefined);
      if (this.closed || this.listeners.size === 0 || this.reconnectTimer) return;
      this.reconnectTimer = setTimeout(() => {
        this.reconnectTimer = null;
        void this.ensureListening();
      }, 1_000);
      this.reconnectTimer.unref();
      // Events may have been appended while we were not listening.
      this.wakeAll();
    };
    client.on('error', retry);
    client.on('end', retry);
    client.on('notification', () => this.wakeAll());
    try {
      await client.connect();
      await client.query(`LISTEN ${this.channel}`);
      if (this.closed) {
        await client.end();
        return;
      }
      this.client = client;
    } catch {
      retry();
    }
  }
}
