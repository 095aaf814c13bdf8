import { Controller, Get, Header, Inject } from '@nestjs/common';
import { Registry } from 'prom-client';
import { Permission } from '../auth/permission';
import { RequirePermission } from '../auth/permission.decorator';
import { METRICS_REGISTRY } from './ops.tokens';

/** Prometheus scrape endpoint. Public like the health checks: keep it off the public ingress. */
@Controller('metrics')
export class MetricsController {
  constructor(@Inject(METRICS_REGISTRY) private readonly registry: Registry) {}

  @Get()
  @RequirePermission(Permission.Public)
  @Header('Content-Type', Registry.PROMETHEUS_CONTENT_TYPE)
  metrics(): Promise<string> {
    return this.registry.metrics();
  }
}
