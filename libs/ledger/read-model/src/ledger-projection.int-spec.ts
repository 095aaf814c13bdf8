import { streamIds, type DomainEvent } from '@rectify/ledger-domain';
import { uniqueName } from '@rectify/shared-testing';
import { ReadModelErrorCode } from './errors';
import { loadVillages } from './villages/load-villages';
import { CampaignQueryService } from './queries/campaign-query.service';
import { CoverageQueryService } from './queries/coverage-query.service';
import { LedgerEntryQueryService } from './queries/ledger-entry-query.service';
import { RecurrenceIndexService } from './queries/recurrence-index.service';
import { RollupQueryService } from './queries/rollup-query.service';
import { givenCampaignChain } from './testing/campaign-chain';
import {
  CHUHE,
  HUOLONG,
  XUCHANG,
  YANLING,
  YUZHOU,
  campaignIssued,
  checklistDefined,
  escalated,
  extensionApproved,
  planned,
  problemRecorded,
  rejected,
  signedOff,
  submitted,
  villageChecked,
  voided,
} from './testing/ledger-events';
import { ReadModelHarness } from './testing/read-model-harness';

let h: ReadModelHarness;

beforeAll(async () => {
  h = await ReadModelHarness.create();
});

afterAll(async () => {
  await h.close();
});

const V1 = '411081005201';
const V2 = '411081005202';

describe('ledger projection: given events, then rows', () => {
  it('projects entries with checklist names and level codes, and filters them within a scope', async () => {
    const c = await givenCampaignChain(h);
    const e1 = `e1-${c.tag}`;
    const e2 = `e2-${c.tag}`;
    const e3 = `e3-${c.tag}`;
    await h.append(streamIds.entry(e1), CHUHE, [
      problemRecorded(e1, c.township, CHUHE, V1, 5, '脱贫户张某家幼儿未享受低保生活补助'),
      planned(e1, '核实名单后补发低保生活补助并建立台账', { kind: 'immediate', date: '2023-08-20' }),
    ]);
    await h.append(streamIds.entry(e2), CHUHE, [
      problemRecorded(e2, c.township, CHUHE, V2, 21, '自来水管网老化，部分农户饮水不稳定'),
      planned(e2, '更换老化管网三百米', { kind: 'fixed_term', date: '2023-10-15' }),
      escalated(e2, 'county', YUZHOU, '2023-10-20T02:00:00Z'),
    ]);
    await h.append(streamIds.entry(e3), CHUHE, [problemRecorded(e3, c.township, CHUHE, V2, 70, '整改台账缺少责任人')]);
    await h.project();

    const entries = new LedgerEntryQueryService(h.dataSource);
    const row = await entries.entryById(e1, CHUHE.path);
    expect(row).toMatchObject({
      entryId: e1,
      campaignId: c.township,
      rootCampaignId: c.city,
      cityCode: '411000',
      countyCode: '411081',
      townshipCode: '411081005',
      villageCode: V1,
      itemNo: 5,
      subAreaNo: 4,
      subAreaName: '教育帮扶',
      categoryNo: 2,
      categoryName: '政策落实',
      status: 'planned',
      deadlineClass: 'immediate',
      dueDate: '2023-08-20',
      originalDueDate: '2023-08-20',
      measures: '核实名单后补发低保生活补助并建立台账',
      responsibleUnit: '褚河街道办事处',
      responsiblePerson: '张主任',
      lastEventVersion: 1,
      isRecurrence: false,
    });

    const ids = async (filter: Parameters<LedgerEntryQueryService['list']>[1], scope = YUZHOU.path): Promise<string[]> =>
      (await entries.list(scope, { campaignId: c.township, ...filter }, { sort: { field: 'item_no', direction: 'asc' } })).items.map((e) => e.entryId);

    expect(await ids({})).toEqual([e1, e2, e3]);
    expect(await ids({ townshipCode: '411081005' })).toEqual([e1, e2, e3]);
    expect(await ids({ villageCode: V2 })).toEqual([e2, e3]);
    expect(await ids({ itemNo: 21 })).toEqual([e2]);
    expect(await ids({ subAreaNo: 4 })).toEqual([e1]);
    expect(await ids({ categoryNo: 3 })).toEqual([e3]);
    expect(await ids({ statuses: ['recorded'] })).toEqual([e3]);
    expect(await ids({ deadlineClasses: ['fixed_term'] })).toEqual([e2]);
    expect(await ids({ overdueAsOf: '2023-08-21' })).toEqual([e1]);
    expect(await ids({ overdueAsOf: '2023-08-20' })).toEqual([]);
    expect(await ids({ overdueAsOf: '2023-10-16' })).toEqual([e1, e2]);
    expect(await ids({ escalationLevels: ['county'] })).toEqual([e2]);
    expect(await ids({ isRecurrence: false })).toEqual([e1, e2, e3]);
    expect(await ids({ isRecurrence: true })).toEqual([]);

    // Out of scope: a sibling county sees nothing, and a batch load answers null as for a missing id.
    expect(await ids({}, YANLING.path)).toEqual([]);
    expect(await entries.entriesByIds([e2, 'missing', e1], YANLING.path)).toEqual([null, null, null]);
    expect((await entries.entriesByIds([e2, 'missing', e1], XUCHANG.path)).map((e) => e?.entryId ?? null)).toEqual([e2, null, e1]);
  });

  it('pages by the scope level code with rows equal to the entities, and refuses a row whose path lies outside its scope', async () => {
    const c = await givenCampaignChain(h);
    const e1 = `lv1-${c.tag}`;
    const e2 = `lv2-${c.tag}`;
    await h.append(streamIds.entry(e1), CHUHE, [
      problemRecorded(e1, c.township, CHUHE, V1, 5, '脱贫户张某家幼儿未享受低保生活补助'),
      planned(e1, '核实名单后补发低保生活补助并建立台账', { kind: 'immediate', date: '2023-08-20' }),
    ]);
    await h.append(streamIds.entry(e2), CHUHE, [problemRecorded(e2, c.township, CHUHE, V2, 21, '自来水管网老化，部分农户饮水不稳定')]);
    await h.project();
    const entries = new LedgerEntryQueryService(h.dataSource);

    // A page row (selected column by column, dates as text) equals the entity TypeORM hydrates.
    const [first] = (await entries.list(CHUHE.path, { campaignId: c.township, itemNo: 5 })).items;
    expect(first).toEqual(await entries.entryById(e1, CHUHE.path));
    expect(first?.dueDate).toBe('2023-08-20');
    expect(first?.foundAt).toBeInstanceOf(Date);

    // City, county and township scopes select by code equality; a village scope keeps the path test.
    const ids = async (scope: string): Promise<string[]> => (await entries.list(scope, { campaignId: c.township })).items.map((e) => e.entryId).sort();
    for (const scope of [XUCHANG.path, YUZHOU.path, CHUHE.path]) expect(await ids(scope)).toEqual([e1, e2].sort());
    expect(await ids(`${CHUHE.path}/${V2}`)).toEqual([]); // entries carry the township's path, not the village's
    expect(await ids(YANLING.path)).toEqual([]);
    expect(await ids(HUOLONG.path)).toEqual([]);

    // A corrupt row: its county code says 禹州市, its path says 鄢陵县. The page refuses to answer
    // rather than show it to 禹州市 (or hide it silently).
    await h.dataSource.query(`UPDATE ${h.readModelSchema}.ledger_entry SET tenant_path = $1 WHERE entry_id = $2`, [`${YANLING.path}/411024100`, e2]);
    await expect(entries.list(YUZHOU.path, { campaignId: c.township })).rejects.toMatchObject({ code: ReadModelErrorCode.ScopeInvariant, details: { entryId: e2 } });
    expect(await ids(YANLING.path)).toEqual([]); // 鄢陵县's code equality does not select it either
    await h.dataSource.query(`UPDATE ${h.readModelSchema}.ledger_entry SET tenant_path = $1 WHERE entry_id = $2`, [CHUHE.path, e2]);
  });

  it('finds entries by 2- and 4-character Chinese substrings of the problem or the measures', async () => {
    const c = await givenCampaignChain(h);
    const e1 = `e1-${c.tag}`;
    const e2 = `e2-${c.tag}`;
    await h.append(streamIds.entry(e1), CHUHE, [
      problemRecorded(e1, c.township, CHUHE, V1, 17, '危房改造后仍有农户居住在危险房屋中'),
      planned(e1, '组织住建部门逐户鉴定并搬迁', { kind: 'immediate', date: '2023-08-25' }),
    ]);
    await h.append(streamIds.entry(e2), CHUHE, [problemRecorded(e2, c.township, CHUHE, V1, 21, '饮水水质检测报告缺失')]);
    await h.project();
    const entries = new LedgerEntryQueryService(h.dataSource);
    const search = async (text: string): Promise<string[]> =>
      (await entries.list(CHUHE.path, { campaignId: c.township, text }, { sort: { field: 'item_no', direction: 'asc' } })).items.map((e) => e.entryId);
    expect(await search('危房')).toEqual([e1]); // 2 characters: below pg_trgm's 3, still found
    expect(await search('危险房屋')).toEqual([e1]); // 4 characters: served by the trigram index
    expect(await search('逐户鉴定')).toEqual([e1]); // in the measures
    expect(await search('水质')).toEqual([e2]);
    expect(await search('100%')).toEqual([]); // LIKE wildcards are taken literally

    const plan: { 'QUERY PLAN': string }[] = await h.dataSource.query(
      `EXPLAIN SELECT entry_id FROM ${h.readModelSchema}.ledger_entry WHERE description ILIKE '%危险房屋%'`,
    );
    await h.dataSource.query('SET enable_seqscan = off');
    const forced: { 'QUERY PLAN': string }[] = await h.dataSource.query(
      `EXPLAIN SELECT entry_id FROM ${h.readModelSchema}.ledger_entry WHERE description ILIKE '%危险房屋%'`,
    );
    await h.dataSource.query('SET enable_seqscan = on');
    expect(plan.length).toBeGreaterThan(0);
    expect(forced.map((r) => r['QUERY PLAN']).join('\n')).toContain('ledger_entry_description_trgm_idx');
  });

  it('pages entries with opaque keyset cursors in a stable order and rejects malformed cursors', async () => {
    const c = await givenCampaignChain(h);
    const ids = Array.from({ length: 7 }, (_, i) => `e${i}-${c.tag}`);
    for (const [i, id] of ids.entries()) {
      const events: DomainEvent[] = [problemRecorded(id, c.township, CHUHE, V1, [1, 4, 5, 21, 70][i % 5], `问题描述第${i}条需要整改`)];
      // two share a due date, two have none: the entry id breaks ties, undated ones come last
      if (i < 5) events.push(planned(id, `具体整改措施第${i}条逐项落实`, { kind: 'immediate', date: i < 2 ? '2023-08-20' : `2023-08-2${i}` }));
      await h.append(streamIds.entry(id), CHUHE, events);
    }
    await h.project();
    const entries = new LedgerEntryQueryService(h.dataSource);
    const all = async (sort: { field: 'due_date' | 'item_no' | 'updated_at'; direction: 'asc' | 'desc' }): Promise<string[]> => {
      const seen: string[] = [];
      let after: string | null = null;
      for (;;) {
        const page = await entries.list(CHUHE.path, { campaignId: c.township }, { first: 3, after, sort });
        seen.push(...page.items.map((e) => e.entryId));
        if (!page.hasNextPage) return seen;
        after = page.endCursor;
      }
    };
    const byDue = await all({ field: 'due_date', direction: 'asc' });
    expect(byDue).toEqual([ids[0], ids[1], ids[2], ids[3], ids[4], ids[5], ids[6]]);
    expect(await all({ field: 'due_date', direction: 'desc' })).toEqual([...byDue].reverse());
    const byItem = await all({ field: 'item_no', direction: 'asc' });
    expect(byItem).toHaveLength(7);
    expect(new Set(byItem).size).toBe(7);
    expect(await all({ field: 'updated_at', direction: 'desc' })).toHaveLength(7);

    await expect(entries.list(CHUHE.path, {}, { after: 'not-a-cursor!' })).rejects.toMatchObject({ code: 'READ_MODEL_INVALID_CURSOR' });
    const first = await entries.list(CHUHE.path, { campaignId: c.township }, { first: 1, sort: { field: 'item_no', direction: 'asc' } });
    await expect(entries.list(CHUHE.path, {}, { after: first.endCursor, sort: { field: 'due_date', direction: 'asc' } })).rejects.toMatchObject({
      code: 'READ_MODEL_INVALID_CURSOR',
    });
  });

  it('keeps township, county and city roll-ups across a lifecycle, overdue and a recurrence', async () => {
    const c = await givenCampaignChain(h);
    const [a, b, r, v] = ['a', 'b', 'r', 'v'].map((x) => `${x}-${c.tag}`);
    // a: record → plan → submit → reject → submit → sign-off
    await h.append(streamIds.entry(a), CHUHE, [
      problemRecorded(a, c.township, CHUHE, V1, 5, '幼儿低保生活补助未发放', '2023-08-02T02:00:00Z'),
      planned(a, '核实名单后补发低保生活补助', { kind: 'immediate', date: '2023-08-20' }, '2023-08-03T02:00:00Z'),
      submitted(a, '已为3名幼儿补发补助共1800元', '2023-08-10T02:00:00Z'),
      rejected(a, '2023-08-11T02:00:00Z'),
      submitted(a, '已为3名幼儿补发补助共1800元，附银行流水', '2023-08-12T02:00:00Z'),
      signedOff(a, '2023-08-14T02:00:00Z'),
    ]);
    // b: planned, overdue after 2023-08-25, escalated to county then city, deadline once extended
    await h.append(streamIds.entry(b), CHUHE, [
      problemRecorded(b, c.township, CHUHE, V2, 21, '饮水管网老化', '2023-08-03T02:00:00Z'),
      planned(b, '更换老化管网三百米', { kind: 'immediate', date: '2023-08-22' }, '2023-08-04T02:00:00Z'),
      extensionApproved(b, '2023-08-22', '2023-08-25', '2023-08-20T02:00:00Z'),
      escalated(b, 'county', YUZHOU, '2023-08-29T02:00:00Z'),
      escalated(b, 'city', XUCHANG, '2023-09-02T02:00:00Z'),
    ]);
    // r: the same village × item as a, after a's sign-off: a recurrence
    const prior = await new RecurrenceIndexService(h.dataSource).priorSignedOff(V1, 5);
    expect(prior.filter((p) => p.entryId === a)).toEqual([]); // not projected yet
    await h.project();
    const priorNow = (await new RecurrenceIndexService(h.dataSource).priorSignedOff(V1, 5)).filter((p) => p.campaignId === c.township);
    expect(priorNow).toEqual([{ entryId: a, campaignId: c.township, signedOffAt: '2023-08-14T02:00:00.000Z' }]);
    await h.append(streamIds.entry(r), CHUHE, [
      problemRecorded(r, c.township, CHUHE, V1, 5, '幼儿低保生活补助再次漏发', '2023-08-16T02:00:00Z', priorNow),
    ]);
    // v: recorded in error and voided
    await h.append(streamIds.entry(v), CHUHE, [
      problemRecorded(v, c.township, CHUHE, V1, 1, '重复录入的问题', '2023-08-05T02:00:00Z'),
      voided(v, '2023-08-06T02:00:00Z'),
    ]);
    // another township under the same county and campaign chain: counted at county and city only
    const o = `o-${c.tag}`;
    await h.append(streamIds.entry(o), HUOLONG, [problemRecorded(o, c.township, HUOLONG, '411081100201', 70, '台账缺少整改时限', '2023-08-04T02:00:00Z')]);
    await h.project();

    const recurrence = await new LedgerEntryQueryService(h.dataSource).entryById(r, CHUHE.path);
    expect(recurrence).toMatchObject({ isRecurrence: true, previousEntryId: a, recurrenceCount: 1 });

    const rollups = new RollupQueryService(h.dataSource);
    const township = await rollups.rollup(CHUHE.path, { tenantPath: CHUHE.path, campaignId: c.township, asOf: '2023-08-30' });
    expect(township).toMatchObject({
      rootCampaignId: c.city,
      total: 3,
      open: 2,
      closed: 1,
      voided: 1,
      overdue: 1,
      recurrences: 1,
      byStatus: { recorded: 1, planned: 1, in_progress: 0, submitted: 0, signed_off: 1, voided: 1 },
      byDeadlineClass: { immediate: 2 },
      byEscalationLevel: { city: 1, county: 0 },
    });
    expect(township?.closureRate).toBeCloseTo(1 / 3);
    expect(township?.byItem).toEqual([
      { key: '5', total: 2, open: 1 },
      { key: '21', total: 1, open: 1 },
    ]);
    expect(township?.bySubArea).toEqual([
      { key: '4', total: 2, open: 1 },
      { key: '7', total: 1, open: 1 },
    ]);
    expect(township?.byCategory).toEqual([{ key: '2', total: 3, open: 2 }]);

    // The county and the city read their own rows (asked with any campaign of the chain).
    const county = await rollups.rollup(YUZHOU.path, { tenantPath: YUZHOU.path, campaignId: c.county, asOf: '2023-08-30' });
    expect(county).toMatchObject({ total: 4, open: 3, closed: 1, overdue: 1, recurrences: 1 });
    const city = await rollups.rollup(XUCHANG.path, { tenantPath: YUZHOU.path, campaignId: c.city, asOf: '2023-08-30' });
    expect(city).toEqual(county);
    const cityOwn = await rollups.rollup(XUCHANG.path, { tenantPath: XUCHANG.path, campaignId: c.city, asOf: '2023-08-30' });
    expect(cityOwn).toMatchObject({ total: 4, open: 3, closed: 1, byCategory: [{ key: '2', total: 3, open: 2 }, { key: '3', total: 1, open: 1 }] });
    // Overdue moves with the as-of date (b was extended to 08-25; r and o are unplanned).
    expect((await rollups.rollup(XUCHANG.path, { tenantPath: XUCHANG.path, campaignId: c.city, asOf: '2023-08-25' }))?.overdue).toBe(0);
    // A township may not read its county's roll-up: the same answer as for nothing.
    expect(await rollups.rollup(CHUHE.path, { tenantPath: YUZHOU.path, campaignId: c.city, asOf: '2023-08-30' })).toBeNull();
    // The county's forwarded campaign rolls up its whole chain (root looked up in the same query);
    // a campaign not projected (yet) is its own root and counts nothing.
    expect((await rollups.rollup(YUZHOU.path, { tenantPath: YUZHOU.path, campaignId: c.county, asOf: '2023-08-30' }))?.rootCampaignId).toBe(c.city);
    expect(await rollups.rollup(XUCHANG.path, { tenantPath: XUCHANG.path, campaignId: 'not-projected', asOf: '2023-08-30' })).toMatchObject({
      rootCampaignId: 'not-projected',
      total: 0,
      open: 0,
      byStatus: {},
      byItem: [],
    });
    // The counters a city roll-up reads: a handful of rows, not one per entry.
    const [{ n }]: { n: number }[] = await h.dataSource.query(
      `SELECT count(*)::int AS n FROM ${h.readModelSchema}.rollup_counter WHERE tenant_path = $1 AND root_campaign_id = $2`,
      [XUCHANG.path, c.city],
    );
    expect(n).toBeLessThan(60);

    // 动态清零: open entries at the end of each day
    const series = await rollups.openOverTime(CHUHE.path, { tenantPath: CHUHE.path, campaignId: c.city, from: '2023-08-01', to: '2023-08-17' });
    const openOn = (d: string): number | undefined => series?.find((p) => p.date === d)?.open;
    expect(openOn('2023-08-01')).toBe(0);
    expect(openOn('2023-08-02')).toBe(1);
    expect(openOn('2023-08-03')).toBe(2);
    expect(openOn('2023-08-05')).toBe(3);
    expect(openOn('2023-08-06')).toBe(2);
    expect(openOn('2023-08-14')).toBe(1);
    expect(openOn('2023-08-16')).toBe(2);
    expect(series).toHaveLength(17);
  });

  it('reports coverage of village × item cells for a subtree, with the unchecked cells', async () => {
    const town = { id: `tenant-${uniqueName('t')}`, path: `411000/411081/411081103` };
    const villages = ['411081103201', '411081103202', '411081103203'];
    await loadVillages(
      h.dataSource,
      villages.map((code, i) => ({ code, name: `村${i + 1}`, townshipCode: '411081103', tenantPath: town.path })),
    );
    const c = await givenCampaignChain(h, town);
    const entry = `e-${c.tag}`;
    await h.append(streamIds.inspection(c.township, villages[0]), town, [
      villageChecked(c.township, villages[0], 1, town),
      villageChecked(c.township, villages[0], 4, town),
      villageChecked(c.township, villages[0], 5, town, [entry]),
      villageChecked(c.township, villages[0], 21, town),
      villageChecked(c.township, villages[0], 70, town),
    ]);
    await h.append(streamIds.inspection(c.township, villages[1]), town, [
      villageChecked(c.township, villages[1], 1, town),
      villageChecked(c.township, villages[1], 1, town, [entry]), // 举一反三: a second check of a cell
    ]);
    await h.project();
    const coverage = new CoverageQueryService(h.dataSource);
    const result = await coverage.coverage(town.path, c.township);
    expect(result).toMatchObject({ villages: 3, items: 5, cells: 15, checked: 6, unchecked: 9 });
    expect(result?.uncheckedCells.slice(0, 5)).toEqual([
      { villageCode: villages[1], itemNo: 4 },
      { villageCode: villages[1], itemNo: 5 },
      { villageCode: villages[1], itemNo: 21 },
      { villageCode: villages[1], itemNo: 70 },
      { villageCode: villages[2], itemNo: 1 },
    ]);
    // The city asks about its own campaign: the township's checks count for the chain.
    expect(await coverage.coverage(town.path, c.city)).toMatchObject({ checked: 6, unchecked: 9 });
    expect(await coverage.coverage(YANLING.path, c.township)).toBeNull();
    const cell: { checks: number; problems_found: boolean; problem_entry_ids: string[] }[] = await h.dataSource.query(
      `SELECT checks, problems_found, problem_entry_ids FROM ${h.readModelSchema}.inspection_check WHERE campaign_id = $1 AND village_code = $2 AND item_no = 1`,
      [c.township, villages[1]],
    );
    expect(cell).toEqual([{ checks: 2, problems_found: true, problem_entry_ids: [entry] }]);
  });

  it('keeps the forwarding lineage of campaigns and checklist versions', async () => {
    const c = await givenCampaignChain(h);
    await h.project();
    const campaigns = new CampaignQueryService(h.dataSource);
    const lineage = await campaigns.lineage(c.township, CHUHE.path);
    expect(lineage?.map((x) => [x.campaignId, x.tenantPath, x.reportDueDate, x.origin])).toEqual([
      [c.city, XUCHANG.path, '2023-09-05', 'issued'],
      [c.county, YUZHOU.path, '2023-09-01', 'received'],
      [c.township, CHUHE.path, '2023-08-25', 'received'],
    ]);
    expect(lineage?.[2]).toMatchObject({ parentCampaignId: c.county, parentReportDueDate: '2023-09-01', rootCampaignId: c.city });
    const forwards = await campaigns.forwardsOf(c.city, XUCHANG.path);
    expect(forwards).toEqual([
      expect.objectContaining({
        childCampaignId: c.county,
        childTenantPath: YUZHOU.path,
        reportDueDate: '2023-09-01',
        overlay: { changedItems: [{ itemNo: 4, responsibleUnits: ['市教体局'] }], addedItems: [] },
      }),
    ]);
    expect((await campaigns.checklistLineage(c.townshipVersion, CHUHE.path))?.map((v) => [v.versionId, v.parentVersionId])).toEqual([
      [c.cityVersion, null],
      [c.countyVersion, c.cityVersion],
      [c.townshipVersion, c.countyVersion],
    ]);
    expect(await campaigns.checklistItems(c.cityVersion, CHUHE.path)).toHaveLength(5);
    // A sibling county sees none of it; batch loading keeps the ids' order.
    expect(await campaigns.lineage(c.township, YANLING.path)).toBeNull();
    expect((await campaigns.campaignsByIds([c.county, 'nope', c.city], YANLING.path)).map((x) => x?.campaignId ?? null)).toEqual([null, null, c.city]);
  });

  it('applies the same events twice without changing a row', async () => {
    const c = await givenCampaignChain(h);
    const e = `e-${c.tag}`;
    await h.append(streamIds.entry(e), CHUHE, [
      problemRecorded(e, c.township, CHUHE, V1, 4, '适龄儿童辍学未劝返'),
      planned(e, '逐户走访劝返并登记在册', { kind: 'immediate', date: '2023-08-20' }),
      submitted(e, '2名儿童已返校就读，附学籍证明', '2023-08-10T02:00:00Z'),
      signedOff(e, '2023-08-12T02:00:00Z'),
    ]);
    const other = `v-${c.tag}`;
    await h.append(streamIds.checklist(other), XUCHANG, [checklistDefined(other, XUCHANG)]);
    await h.append(streamIds.campaign(`x-${c.tag}`), XUCHANG, [campaignIssued(`x-${c.tag}`, XUCHANG, other)]);
    await h.append(streamIds.inspection(c.township, V1), CHUHE, [villageChecked(c.township, V1, 4, CHUHE, [e])]);
    await h.project();
    const tables: [string, string][] = [
      ['ledger_entry', 'entry_id'],
      ['rollup_counter', 'tenant_path, root_campaign_id, dimension, key'],
      ['recurrence_index', 'village_code, item_no, entry_id'],
      ['inspection_check', 'campaign_id, village_code, item_no'],
      ['campaign', 'campaign_id'],
      ['campaign_forward', 'child_campaign_id'],
      ['checklist_version', 'version_id'],
      ['checklist_item', 'version_id, item_no'],
    ];
    const before = await Promise.all(tables.map(([t, o]) => h.dump(t, o)));
    // Forget the checkpoint: every event of the store is applied a second time.
    await h.dataSource.query(`UPDATE ${h.readModelSchema}.projection_checkpoint SET position = NULL`);
    await h.project();
    const after = await Promise.all(tables.map(([t, o]) => h.dump(t, o)));
    expect(after).toEqual(before);
  });
});
