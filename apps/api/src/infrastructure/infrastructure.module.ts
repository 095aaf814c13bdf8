import { type DynamicModule, Global, Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { EventStore, Position } from '@rectify/event-store-core';
import { AccountService, CachingTokenService, PasswordHasher, TenantDirectory, TokenService, createIdentityDataSource } from '@rectify/identity';
import { LedgerCommandService, systemClock, type Clock } from '@rectify/ledger-application';
import {
  CampaignQueryService,
  CoverageQueryService,
  LedgerEntryQueryService,
  LedgerBatchProjection,
  ProjectionCheckpointService,
  ProjectionRunner,
  RecurrenceIndexService,
  RollupQueryService,
  createReadModelDataSource,
} from '@rectify/ledger-read-model';
import type { DataSource } from 'typeorm';
import { API_CONFIG, type ApiConfig } from '../config/api-config';
import { PROJECTION_START, type ProjectionStart } from '../ledger/projection-start';
import { PROJECTION_WAITER, type ProjectionWaiter } from '../ledger/projection-waiter';
import { FileClock } from './file-clock';
import { connectEventStore, positionComparator } from '@rectify/event-store-selection';
import { CLOCK, EVENT_STORE, IDENTITY_DATA_SOURCE, LEDGER_PROJECTION_RUNNER, READ_MODEL_DATA_SOURCE } from './tokens';

/**
 * How long the API keeps a tenant it resolved by code (tenants are seeded reference data; a village
 * check or a recorded problem resolves one each time). A tenant renamed or moved by the seeds CLI
 * is seen within this long.
 */
const TENANT_CACHE_TTL_MS = 60_000;

export interface InfrastructureOptions {
  readonly config: ApiConfig;
  /** Business time for commands; tests pass a ManualClock. */
  readonly clock?: Clock;
}

export const LEDGER_PROJECTION_NAME = 'ledger';

/** Starts the in-process projector when configured, and closes every pool on shutdown. */
@Injectable()
class InfrastructureLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Infrastructure');

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(IDENTITY_DATA_SOURCE) private readonly identity: DataSource,
    @Inject(READ_MODEL_DATA_SOURCE) private readonly readModel: DataSource,
    @Inject(LEDGER_PROJECTION_RUNNER) private readonly runner: ProjectionRunner | null,
  ) {}

  onApplicationBootstrap(): void {
    if (this.runner) {
      this.logger.log('Running the ledger projection in-process (API_RUN_PROJECTOR=true)');
      this.runner.start();
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.runner?.stop();
    await Promise.all([this.identity.destroy(), this.readModel.destroy()]);
    await this.store.close();
  }
}

/** The event store, data sources and the library services built on them, for the whole app. */
@Global()
export class InfrastructureModule {
  static register(options: InfrastructureOptions): DynamicModule {
    const { config } = options;
    // Checkpoints are opaque: only the adapter in use knows their order (PostgreSQL: transaction id
    // and sequence; EventStoreDB: commit, then prepare position). Chosen when a factory runs.
    const comparePositions = (a: Position, b: Position): number => positionComparator(config.eventStore)(a, b);
    return {
      module: InfrastructureModule,
      providers: [
        { provide: API_CONFIG, useValue: config },
        { provide: CLOCK, useValue: options.clock ?? (config.testClockFile ? new FileClock(config.testClockFile) : systemClock) },
        {
          provide: EVENT_STORE,
          useFactory: (): EventStore => connectEventStore(config.eventStore, { databaseUrl: config.databaseUrl, schema: config.schemas.eventStore, max: 10 }),
        },
        {
          provide: IDENTITY_DATA_SOURCE,
          useFactory: async (): Promise<DataSource> => createIdentityDataSource({ url: config.databaseUrl, schema: config.schemas.identity }).initialize(),
        },
        {
          provide: READ_MODEL_DATA_SOURCE,
          useFactory: async (): Promise<DataSource> => createReadModelDataSource({ url: config.databaseUrl, schema: config.schemas.readModel, applicationName: 'rectify-api' }).initialize(),
        },
        { provide: PasswordHasher, useFactory: () => new PasswordHasher() },
        // verified tokens are kept until their expiry: every request carries one (CachingTokenService)
        { provide: TokenService, useFactory: () => new CachingTokenService({ secret: config.jwt.secret, ttlSeconds: config.jwt.ttlSeconds }) },
        { provide: AccountService, inject: [IDENTITY_DATA_SOURCE, PasswordHasher], useFactory: (ds: DataSource, hasher: PasswordHasher) => new AccountService(ds, hasher) },
        { provide: TenantDirectory, inject: [IDENTITY_DATA_SOURCE], useFactory: (ds: DataSource) => new TenantDirectory(ds, { cacheTtlMs: TENANT_CACHE_TTL_MS }) },
        { provide: LedgerEntryQueryService, inject: [READ_MODEL_DATA_SOURCE], useFactory: (ds: DataSource) => new LedgerEntryQueryService(ds) },
        { provide: CampaignQueryService, inject: [READ_MODEL_DATA_SOURCE], useFactory: (ds: DataSource) => new CampaignQueryService(ds) },
        { provide: CoverageQueryService, inject: [READ_MODEL_DATA_SOURCE], useFactory: (ds: DataSource) => new CoverageQueryService(ds) },
        { provide: RollupQueryService, inject: [READ_MODEL_DATA_SOURCE], useFactory: (ds: DataSource) => new RollupQueryService(ds) },
        {
          provide: LedgerCommandService,
          inject: [EVENT_STORE, CLOCK, READ_MODEL_DATA_SOURCE],
          useFactory: (store: EventStore, clock: Clock, ds: DataSource) => new LedgerCommandService(store, clock, new RecurrenceIndexService(ds)),
        },
        {
          provide: PROJECTION_WAITER,
          inject: [READ_MODEL_DATA_SOURCE],
          useFactory: (ds: DataSource): ProjectionWaiter => {
            const checkpoints = new ProjectionCheckpointService(ds, comparePositions);
            return {
              waitFor: (position: Position, timeoutMs: number) =>
                checkpoints.waitFor(LEDGER_PROJECTION_NAME, position, { timeoutMs, pollMs: 20 }).then(
                  () => true,
                  () => false,
                ),
            };
          },
        },
        {
          provide: PROJECTION_START,
          inject: [READ_MODEL_DATA_SOURCE],
          useFactory: (ds: DataSource): ProjectionStart => {
            const checkpoints = new ProjectionCheckpointService(ds, comparePositions);
            return { current: () => checkpoints.position(LEDGER_PROJECTION_NAME) };
          },
        },
        {
          provide: LEDGER_PROJECTION_RUNNER,
          inject: [READ_MODEL_DATA_SOURCE, EVENT_STORE],
          useFactory: (ds: DataSource, store: EventStore): ProjectionRunner | null =>
            config.runProjector
              ? new ProjectionRunner({ dataSource: ds, store, projection: new LedgerBatchProjection(LEDGER_PROJECTION_NAME), comparePositions, idleDelayMs: 50 })
              : null,
        },
        InfrastructureLifecycle,
      ],
      exports: [
        API_CONFIG,
        CLOCK,
        EVENT_STORE,
        READ_MODEL_DATA_SOURCE,
        PasswordHasher,
        TokenService,
        AccountService,
        TenantDirectory,
        LedgerEntryQueryService,
        CampaignQueryService,
        CoverageQueryService,
        RollupQueryService,
        LedgerCommandService,
        PROJECTION_WAITER,
        PROJECTION_START,
      ],
    };
  }
}
