import { Inject, Injectable, Logger, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import type { EventStore } from '@rectify/event-store-core';
import { LedgerBatchProjection, ProjectionRunner, createReadModelDataSource } from '@rectify/ledger-read-model';
import { DataSource } from 'typeorm';
import { connectEventStore, positionComparator } from '@rectify/event-store-selection';
import { type ProjectorConfig } from './projector-config';
import { ProjectorObservability } from './projector-observability';
import { ProjectorService } from './projector.service';

export const PROJECTOR_CONFIG = Symbol('PROJECTOR_CONFIG');
/** The event store the config selects (PostgreSQL or EventStoreDB), as the port. */
export const PROJECTOR_EVENT_STORE = Symbol('PROJECTOR_EVENT_STORE');

/** Closes the connections once the runner has stopped (ProjectorService stops it in beforeApplicationShutdown). */
@Injectable()
class ConnectionsCloser implements OnApplicationShutdown {
  private readonly logger = new Logger('Projector');

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(PROJECTOR_EVENT_STORE) private readonly store: EventStore,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
    this.logger.log('connections closed');
  }
}

/** The projector: the ledger projection, run from the event store into the read model. */
@Module({})
export class ProjectorModule {
  static forRoot(config: ProjectorConfig): DynamicModule {
    return {
      module: ProjectorModule,
      providers: [
        { provide: PROJECTOR_CONFIG, useValue: config },
        {
          provide: DataSource,
          useFactory: async (): Promise<DataSource> => {
            const dataSource = createReadModelDataSource({
              url: config.databaseUrl,
              schema: config.readModelSchema,
              poolSize: 4,
              applicationName: 'rectify-projector',
            });
            return dataSource.initialize();
          },
        },
        {
          provide: PROJECTOR_EVENT_STORE,
          useFactory: (): EventStore => connectEventStore(config.eventStore, { databaseUrl: config.databaseUrl, schema: config.eventStoreSchema, max: 2 }),
        },
        {
          provide: ProjectionRunner,
          inject: [DataSource, PROJECTOR_EVENT_STORE],
          useFactory: (dataSource: DataSource, store: EventStore): ProjectionRunner => {
            const logger = new Logger('ProjectionRunner');
            return new ProjectionRunner({
              dataSource,
              store,
              // Set-based for the entry life and checks, per event for everything else; proven equal to LedgerProjection.
              projection: new LedgerBatchProjection(),
              readAhead: true,
              comparePositions: positionComparator(config.eventStore),
              batchSize: config.batchSize,
              onError: (error) => logger.error(error instanceof Error ? error.message : String(error)),
            });
          },
        },
        ConnectionsCloser,
        ProjectorService,
        {
          provide: ProjectorObservability,
          inject: [ProjectionRunner],
          useFactory: (runner: ProjectionRunner) => new ProjectorObservability(config.observability, runner),
        },
      ],
      exports: [ProjectionRunner, DataSource, PROJECTOR_EVENT_STORE],
    };
  }
}
