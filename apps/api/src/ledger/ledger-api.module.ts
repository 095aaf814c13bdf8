import { Module } from '@nestjs/common';
import { MutationExecutor } from './mutation-executor.service';
import { CampaignCommandResolver } from './resolvers/campaign-command.resolver';
import { CampaignQueryResolver } from './resolvers/campaign-query.resolver';
import { InspectionCommandResolver } from './resolvers/inspection-command.resolver';
import { LedgerEntryCommandResolver } from './resolvers/ledger-entry-command.resolver';
import { LedgerEntryQueryResolver } from './resolvers/ledger-entry-query.resolver';
import { LedgerSubscriptionResolver } from './resolvers/ledger-subscription.resolver';
import { ReportQueryResolver } from './resolvers/report-query.resolver';
import { TenantRefs } from './tenant-refs.service';

@Module({
  providers: [
    MutationExecutor,
    TenantRefs,
    CampaignCommandResolver,
    InspectionCommandResolver,
    LedgerEntryCommandResolver,
    LedgerEntryQueryResolver,
    CampaignQueryResolver,
    ReportQueryResolver,
    LedgerSubscriptionResolver,
  ],
})
export class LedgerApiModule {}
