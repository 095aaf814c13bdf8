import { Module } from '@nestjs/common';
import { JobsApiModule } from '../reports/jobs-api.module';
import { EntryLightsService } from './entry-lights.service';
import { EscalationResolver } from './resolvers/escalation.resolver';

/** 督办: red/yellow/green lights on read, the escalation inbox, and on-demand sweeps (the worker escalates). */
@Module({
  imports: [JobsApiModule],
  providers: [EntryLightsService, EscalationResolver],
})
export class EscalationApiModule {}
