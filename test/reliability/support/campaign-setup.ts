import { randomUUID } from 'node:crypto';
import { villagesOf, xuchangCampaign, xuchangChecklist } from '@rectify/seeds';
import { Role } from '@rectify/tenancy';
import type { Platform } from './platform';

export const CITY = '411000';
export const COUNTY = '411081';
export const TOWNSHIP = '411081005'; // 褚河街道, 禹州市
export const TOWNSHIP_PATH = `${CITY}/${COUNTY}/${TOWNSHIP}`;

export interface CampaignSetup {
  /** The township's campaign, where problems are recorded. */
  readonly campaignId: string;
  /** The city's campaign and 禹州市's forward of it. */
  readonly cityCampaignId: string;
  readonly countyCampaignId: string;
  readonly villages: readonly string[];
  readonly itemNos: readonly number[];
  readonly tokens: { readonly city: string; readonly county: string; readonly inspector: string };
}

/**
 * The 许昌市 campaign of the seeds, issued by the city, forwarded to 禹州市 and on to 褚河街道, with
 * an inspector there and reviewers above (who sign off), all through the API.
 */
export async function setupCampaign(platform: Platform): Promise<CampaignSetup> {
  await platform.createUser('rel.city', CITY, [Role.Reviewer], '许昌市审核人');
  await platform.createUser('rel.county', COUNTY, [Role.Reviewer], '禹州市审核人');
  await platform.createUser('rel.inspector', TOWNSHIP, [Role.Inspector], '褚河排查员');
  const [city, county, inspector] = await Promise.all(['rel.city', 'rel.county', 'rel.inspector'].map((u) => platform.login(u)));
  const client = platform.client;
  const items = xuchangChecklist.map((i) => ({ ...i, responsibleUnits: [...i.responsibleUnits] }));
  const { defineChecklistVersion } = await client.must<{ defineChecklistVersion: { versionId: string } }>(
    'mutation($input: DefineChecklistVersionInput!) { defineChecklistVersion(input: $input) { versionId } }',
    { input: { idempotencyKey: randomUUID(), label: xuchangCampaign.checklistTitle, items } },
    city,
  );
  const { issueCampaign } = await client.must<{ issueCampaign: { campaignId: string } }>(
    'mutation($input: IssueCampaignInput!) { issueCampaign(input: $input) { campaignId } }',
    {
      input: {
        idempotencyKey: randomUUID(),
        expectedVersion: -1,
        waitForProjection: true,
        title: xuchangCampaign.planTitle,
        docNumber: xuchangCampaign.documentNo,
        issuedOn: xuchangCampaign.issuedOn,
        phases: xuchangCampaign.phases.map((p) => ({ name: p.name, startDate: p.startsOn, endDate: p.endsOn })),
        deadlines: { immediate: xuchangCampaign.fixAtOnceBy, fixedTerm: xuchangCampaign.fixByDeadlineBy },
        reportDueDate: xuchangCampaign.reporting.by,
        checklistVersionId: defineChecklistVersion.versionId,
      },
    },
    city,
  );
  const forward = async (token: string, parent: string, childTenantCode: string): Promise<string> =>
    (
      await client.must<{ forwardCampaign: { childCampaignId: string } }>(
        'mutation($input: ForwardCampaignInput!) { forwardCampaign(input: $input) { childCampaignId } }',
        { input: { idempotencyKey: randomUUID(), waitForProjection: true, campaignId: parent, childTenantCode, issuedOn: '2023-07-28', reportDueDate: '2023-08-25' } },
        token,
      )
    ).forwardCampaign.childCampaignId;
  const countyCampaign = await forward(city, issueCampaign.campaignId, COUNTY);
  const campaignId = await forward(county, countyCampaign, TOWNSHIP);
  return {
    campaignId,
    cityCampaignId: issueCampaign.campaignId,
    countyCampaignId: countyCampaign,
    villages: villagesOf(TOWNSHIP).map((v) => v.code),
    itemNos: items.map((i) => i.itemNo),
    tokens: { city, county, inspector },
  };
}
