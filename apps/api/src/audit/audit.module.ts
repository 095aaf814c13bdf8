import type { KeyObject } from 'node:crypto';
import { type DynamicModule, Module } from '@nestjs/common';
import type { EventStore } from '@rectify/event-store-core';
import { AnchorService, ChainVerifier, EventExporter, PostgresEventStore } from '@rectify/event-store-postgres';
import { UpcasterRegistry } from '@rectify/ledger-application';
import { EventLogQuery, StreamHistoryService, TimeTravelService, eventReading } from '@rectify/ledger-audit';
import type { Pool } from 'pg';
import { EVENT_STORE } from '../infrastructure/tokens';
import { AuditorGuard } from './auditor.guard';
import { AUDIT_ANCHOR_PUBLIC_KEY, AUDIT_EVENT_POOL, AUDIT_EVENT_STORE_SCHEMA, AUDIT_EXPORT_LIMIT } from './audit.tokens';
import { AuditHistoryResolver } from './resolvers/audit-history.resolver';
import { IntegrityResolver } from './resolvers/integrity.resolver';
import { TimeTravelResolver } from './resolvers/time-travel.resolver';

export interface AuditModuleOptions {
  /** Upcasters for old event versions: the same registry the command side uses. */
  readonly upcasters?: UpcasterRegistry;
  /** Ed25519 public key of the daily anchors; without it `verifyAnchors` checks digests and links, not signatures. */
  readonly anchorPublicKey?: KeyObject | null;
  /** Most events `exportEvents` returns inline (default 10,000); larger ranges go through the CLI. */
  readonly exportLimit?: number;
}

/**
 * Audit queries: history, time travel, diff, chain and anchor verification, small exports. Reads
 * the PostgreSQL event store's tables through the pool of the app's EVENT_STORE (InfrastructureModule).
 * Import `AuditModule.register({ … })` (or `AuditModule` for the defaults) in AppModule.
 */
@Module({})
export class AuditModule {
  static register(options: AuditModuleOptions = {}): DynamicModule {
    return {
      module: AuditModule,
      providers: [
        {
          provide: AUDIT_EVENT_POOL,
          inject: [EVENT_STORE],
          useFactory: (store: EventStore): Pool => {
            if (!(store instanceof PostgresEventStore)) throw new Error('The audit queries read the PostgreSQL event store tables: EVENT_STORE must be a PostgresEventStore');
            return store.pool;
          },
        },
        { provide: AUDIT_EVENT_STORE_SCHEMA, inject: [EVENT_STORE], useFactory: (store: PostgresEventStore): string => store.schema },
        { provide: AUDIT_ANCHOR_PUBLIC_KEY, useValue: options.anchorPublicKey ?? null },
        { provide: AUDIT_EXPORT_LIMIT, useValue: options.exportLimit ?? 10_000 },
        { provide: EventLogQuery, inject: [AUDIT_EVENT_POOL, AUDIT_EVENT_STORE_SCHEMA], useFactory: (pool: Pool, schema: string) => new EventLogQuery(pool, schema) },
        {
          provide: StreamHistoryService,
          inject: [EventLogQuery],
          useFactory: (log: EventLogQuery) => new StreamHistoryService(log, eventReading(options.upcasters ?? new UpcasterRegistry())),
        },
        {
          provide: TimeTravelService,
          inject: [EventLogQuery],
          useFactory: (log: EventLogQuery) => new TimeTravelService(log, eventReading(options.upcasters ?? new UpcasterRegistry())),
        },
        { provide: ChainVerifier, inject: [AUDIT_EVENT_POOL, AUDIT_EVENT_STORE_SCHEMA], useFactory: (pool: Pool, schema: string) => new ChainVerifier(pool, schema) },
        { provide: AnchorService, inject: [AUDIT_EVENT_POOL, AUDIT_EVENT_STORE_SCHEMA], useFactory: (pool: Pool, schema: string) => new AnchorService(pool, schema) },
        { provide: EventExporter, inject: [AUDIT_EVENT_POOL, AUDIT_EVENT_STORE_SCHEMA], useFactory: (pool: Pool, schema: string) => new EventExporter(pool, schema) },
        AuditorGuard,
        AuditHistoryResolver,
        TimeTravelResolver,
        IntegrityResolver,
      ],
    };
  }
}
