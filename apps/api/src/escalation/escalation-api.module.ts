import { Module } from '@nestjs/common';
import { ReadModelEscalationPolicySource } from '@rectify/ledger-application';
import { EscalationPolicyQueryService } from '@rectify/ledger-read-model';
import type { DataSource } from 'typeorm';
import { READ_MODEL_DATA_SOURCE } from '../infrastructure/tokens';
import { MutationExecutor } from '../ledger/mutation-executor.service';
import { JobsApiModule } from '../reports/jobs-api.module';
import { EntryLightsService, ESCALATION_POLICY_SOURCE } from './entry-lights.service';
import { EscalationPolicyResolver } from './resolvers/escalation-policy.resolver';
import { EscalationResolver } from './resolvers/escalation.resolver';

/** 督办: red/yellow/green lights on read, the escalation inbox, on-demand sweeps (the worker escalates), and each campaign's policy. */
@Module({
  imports: [JobsApiModule],
  providers: [
    { provide: EscalationPolicyQueryService, inject: [READ_MODEL_DATA_SOURCE], useFactory: (ds: DataSource) => new EscalationPolicyQueryService(ds) },
    { provide: ESCALATION_POLICY_SOURCE, inject: [EscalationPolicyQueryService], useFactory: (queries: EscalationPolicyQueryService) => new ReadModelEscalationPolicySource(queries) },
    MutationExecutor,
    EntryLightsService,
    EscalationResolver,
    EscalationPolicyResolver,
  ],
})
export class EscalationApiModule {}
