import { Controller, Get, Inject } from '@nestjs/common';
import { HealthCheck, HealthCheckService, type HealthCheckResult } from '@nestjs/terminus';
import { Permission } from '../auth/permission';
import { RequirePermission } from '../auth/permission.decorator';
import { PostgresHealthIndicator } from './postgres.health';

/**
 * Liveness and readiness, public, in terminus' JSON (200 `status: ok`, 503 `status: error`).
 * The API uses no Redis, so readiness checks PostgreSQL and the event store only.
 */
@Controller('health')
export class HealthController {
  constructor(
    @Inject(HealthCheckService) private readonly health: HealthCheckService,
    @Inject(PostgresHealthIndicator) private readonly postgres: PostgresHealthIndicator,
  ) {}

  /** The process answers HTTP: nothing else is checked (a database outage must not restart pods). */
  @Get('live')
  @RequirePermission(Permission.Public)
  @HealthCheck()
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  /** PostgreSQL answers and the event store's table is readable. */
  @Get('ready')
  @RequirePermission(Permission.Public)
  @HealthCheck()
  ready(): Promise<HealthCheckResult> {
    return this.health.check([() => this.postgres.database(), () => this.postgres.eventStore()]);
  }
}
