import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { ProjectionRunner } from '@rectify/ledger-read-model';

/** Starts the ledger projection's runner at boot and stops it (finishing its batch) at shutdown. */
@Injectable()
export class ProjectorService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ProjectorService.name);

  constructor(@Inject(ProjectionRunner) private readonly runner: ProjectionRunner) {}

  onApplicationBootstrap(): void {
    this.runner.start();
    this.logger.log(`projection ${this.runner.name} started (waits for its lock if another instance runs)`);
  }

  /** Before any provider closes its connections: the batch in hand finishes and the lock is released. */
  async beforeApplicationShutdown(signal?: string): Promise<void> {
    await this.runner.stop();
    this.logger.log(`projection ${this.runner.name} stopped${signal ? ` on ${signal}` : ''}`);
  }
}
