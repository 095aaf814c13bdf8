import DataLoader from 'dataloader';
import type { CampaignEntity, CampaignQueryService } from '@rectify/ledger-read-model';
import type { Principal } from '@rectify/tenancy';
import type { ApiContext } from '../graphql/api-context';

/**
 * Per-request DataLoaders, kept in the request's context (no request-scoped providers). Each is
 * keyed by the caller's scope, so a batch never mixes what two callers may see.
 */
export function campaignLoader(context: ApiContext, principal: Principal, campaigns: CampaignQueryService): DataLoader<string, CampaignEntity | null> {
  const key = `campaign:${principal.tenantPath}`;
  const existing = context.loaders.get(key);
  if (existing instanceof DataLoader) return existing as DataLoader<string, CampaignEntity | null>;
  const loader = new DataLoader<string, CampaignEntity | null>((ids) => campaigns.campaignsByIds(ids, principal.tenantPath), { maxBatchSize: 500 });
  context.loaders.set(key, loader);
  return loader;
}
