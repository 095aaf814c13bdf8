import { Inject } from '@nestjs/common';
import { Args, Context, ID, Int, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { NotFoundError } from '@rectify/ledger-application';
import { CampaignQueryService, LedgerEntryQueryService } from '@rectify/ledger-read-model';
import type { Principal } from '@rectify/tenancy';
import { CurrentPrincipal } from '../../auth/current-principal.decorator';
import { Permission } from '../../auth/permission';
import { RequirePermission } from '../../auth/permission.decorator';
import { API_CONFIG, type ApiConfig } from '../../config/api-config';
import { InputValidationError } from '../../errors/input-validation.error';
import type { ApiContext } from '../../graphql/api-context';
import { LedgerEntryFilterInput } from '../inputs/ledger-entry-filter.input';
import { LedgerEntrySortInput } from '../inputs/ledger-entry-sort.input';
import { CampaignObjectType } from '../object-types/campaign.object-type';
import { LedgerEntryConnectionObjectType } from '../object-types/ledger-entry-connection.object-type';
import { LedgerEntryObjectType } from '../object-types/ledger-entry.object-type';
import { toCampaignObject, toLedgerEntryObject } from '../read-model.mappers';
import { campaignLoader } from '../request-loaders';

/** 台账: a Relay connection over the read model, and single entries; all within the caller's scope. */
@Resolver(() => LedgerEntryObjectType)
export class LedgerEntryQueryResolver {
  constructor(
    @Inject(LedgerEntryQueryService) private readonly entries: LedgerEntryQueryService,
    @Inject(CampaignQueryService) private readonly campaigns: CampaignQueryService,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  @Query(() => LedgerEntryConnectionObjectType, { description: '台账条目（游标分页，默认按整改时限升序）' })
  @RequirePermission(Permission.LedgerRead)
  async ledgerEntries(
    @CurrentPrincipal() principal: Principal,
    @Args('filter', { type: () => LedgerEntryFilterInput, nullable: true }) filter?: LedgerEntryFilterInput,
    @Args('first', { type: () => Int, nullable: true }) first?: number,
    @Args('after', { nullable: true }) after?: string,
    @Args('sort', { type: () => LedgerEntrySortInput, nullable: true }) sort?: LedgerEntrySortInput,
  ): Promise<LedgerEntryConnectionObjectType> {
    const size = first ?? 50;
    if (size < 1 || size > this.config.graphql.maxPageSize) {
      throw new InputValidationError([{ field: 'first', problems: [`每页条数必须在 1 到 ${this.config.graphql.maxPageSize} 之间`] }]);
    }
    const page = await this.entries.list(principal.tenantPath, { ...(filter ?? {}) }, {
      first: size,
      after: after ?? null,
      ...(sort ? { sort: { field: sort.field, direction: sort.direction } } : {}),
    });
    // The read model computes the cursor of a page's last row only: earlier edges carry none.
    const edges = page.items.map((row, i) => ({ cursor: i === page.items.length - 1 ? page.endCursor : null, node: toLedgerEntryObject(row) }));
    return { edges, pageInfo: { hasNextPage: page.hasNextPage, hasPreviousPage: after !== undefined && after !== null, startCursor: null, endCursor: page.endCursor } };
  }

  @Query(() => LedgerEntryObjectType, { description: '单个台账条目；范围外与不存在的回答相同（NOT_FOUND）' })
  @RequirePermission(Permission.LedgerRead)
  async ledgerEntry(@Args('id', { type: () => ID }) id: string, @CurrentPrincipal() principal: Principal): Promise<LedgerEntryObjectType> {
    const row = await this.entries.entryById(id, principal.tenantPath);
    if (!row) throw new NotFoundError(`entry-${id}`);
    return toLedgerEntryObject(row);
  }

  @ResolveField('campaign', () => CampaignObjectType, { nullable: true })
  async campaign(@Parent() entry: LedgerEntryObjectType, @CurrentPrincipal() principal: Principal, @Context() context: ApiContext): Promise<CampaignObjectType | null> {
    const row = await campaignLoader(context, principal, this.campaigns).load(entry.campaignId);
    return row ? toCampaignObject(row) : null;
  }
}

