// Support code for the read model's int-specs (no tests here; see jest.config.ts).
import { streamIds, type TenantRef } from '@rectify/ledger-domain';
import { uniqueName } from '@rectify/shared-testing';
import {
  CHUHE,
  XUCHANG,
  YUZHOU,
  campaignForwarded,
  campaignIssued,
  campaignReceived,
  checklistDefined,
} from './ledger-events';
import type { ReadModelHarness } from './read-model-harness';

export type CampaignChain = {
  tag: string;
  city: string;
  county: string;
  township: string;
  cityVersion: string;
  countyVersion: string;
  townshipVersion: string;
};

/**
 * Appends a campaign issued by 许昌市 and forwarded to 禹州市 and on to a township (褚河街道 by
 * default), each level with its own checklist version: fresh ids for every call.
 */
export async function givenCampaignChain(h: ReadModelHarness, township: TenantRef = CHUHE): Promise<CampaignChain> {
  const tag = uniqueName('t');
  const c: CampaignChain = {
    tag,
    city: `city-${tag}`,
    county: `county-${tag}`,
    township: `town-${tag}`,
    cityVersion: `v-city-${tag}`,
    countyVersion: `v-county-${tag}`,
    townshipVersion: `v-town-${tag}`,
  };
  await h.append(streamIds.checklist(c.cityVersion), XUCHANG, [checklistDefined(c.cityVersion, XUCHANG)]);
  await h.append(streamIds.campaign(c.city), XUCHANG, [
    campaignIssued(c.city, XUCHANG, c.cityVersion),
    campaignForwarded(c.city, c.county, YUZHOU, c.cityVersion, c.countyVersion, '2023-09-01'),
  ]);
  await h.append(streamIds.checklist(c.countyVersion), XUCHANG, [checklistDefined(c.countyVersion, XUCHANG, undefined, c.cityVersion)]);
  await h.append(streamIds.campaign(c.county), YUZHOU, [
    campaignReceived(c.county, c.city, XUCHANG, YUZHOU, c.cityVersion, c.countyVersion, '2023-09-01', '2023-09-05'),
    campaignForwarded(c.county, c.township, township, c.countyVersion, c.townshipVersion, '2023-08-25'),
  ]);
  await h.append(streamIds.checklist(c.townshipVersion), YUZHOU, [checklistDefined(c.townshipVersion, YUZHOU, undefined, c.countyVersion)]);
  await h.append(streamIds.campaign(c.township), township, [
    campaignReceived(c.township, c.county, YUZHOU, township, c.countyVersion, c.townshipVersion, '2023-08-25', '2023-09-01'),
  ]);
  return c;
}
