import { randomBytes } from 'node:crypto';
import { streamIds } from '@rectify/ledger-domain';
import { AuditError } from './audit-error';
import { EventLogQuery } from './events/event-log.query';
import { StreamHistoryService } from './history/stream-history.service';
import { TimeTravelService } from './time-travel/time-travel.service';
import {
  AuditHarness,
  CHUHE,
  HUOLONG,
  XUCHANG,
  YUZHOU,
  campaignIssued,
  checklistDefined,
  planned,
  problemRecorded,
  rejected,
  signedOff,
  submitted,
  voided,
} from './testing/audit-fixtures';

let h: AuditHarness;
let history: StreamHistoryService;
let timeTravel: TimeTravelService;

beforeAll(async () => {
  h = await AuditHarness.create();
  const log = new EventLogQuery(h.pool, h.schema);
  history = new StreamHistoryService(log);
  timeTravel = new TimeTravelService(log);
});

afterAll(async () => {
  await h.close();
});

const tag = (): string => randomBytes(4).toString('hex');
const V1 = '411081005201';

/** An entry of 褚河街道 through plan, a rejected result, a second result and sign-off; returns the instants after each append. */
async function givenSignedOffEntry(entryId: string, campaignId: string): Promise<Date[]> {
  const s = streamIds.entry(entryId);
  return [
    await h.append(s, CHUHE, [problemRecorded(entryId, campaignId, CHUHE, V1, 5, '3户幼儿未享受低保生活补助')]),
    await h.append(s, CHUHE, [planned(entryId, { kind: 'immediate', date: '2023-08-20' })]),
    await h.append(s, CHUHE, [submitted(entryId, '2023-08-10T02:00:00Z')]),
    await h.append(s, CHUHE, [rejected(entryId, '2023-08-11T02:00:00Z')], 'user-reviewer'),
    await h.append(s, CHUHE, [submitted(entryId, '2023-08-12T02:00:00Z')]),
    await h.append(s, CHUHE, [signedOff(entryId, '2023-08-13T02:00:00Z')], 'user-reviewer'),
  ];
}

describe('entry history', () => {
  it('lists every event with actor, both times, reason and the field diff it caused', async () => {
    const e = `e-${tag()}`;
    await givenSignedOffEntry(e, `c-${tag()}`);
    const page = await history.entryHistory(e, YUZHOU.path);
    expect(page).not.toBeNull();
    expect(page?.totalCount).toBe(6);
    expect(page?.items.map((i) => i.type)).toEqual(['ProblemRecorded', 'RectificationPlanned', 'ResultSubmitted', 'SignOffRejected', 'ResultSubmitted', 'SignOffApproved']);
    const rejection = page?.items[3];
    expect(rejection).toMatchObject({
      streamVersion: 3,
      at: '2023-08-11T02:00:00Z',
      actor: { userId: 'user-reviewer', name: '李审核', role: 'reviewer' },
      reason: '佐证材料不足，请补充发放凭证',
      tenantPath: CHUHE.path,
    });
    expect(rejection?.recordedAt).toBeInstanceOf(Date);
    expect(rejection?.changes).toEqual([
      { path: 'signOffRejections[0]', from: null, to: { reason: '佐证材料不足，请补充发放凭证', at: '2023-08-11T02:00:00Z', by: { userId: 'user-reviewer', name: '李审核', role: 'reviewer' } } },
      { path: 'status', from: 'submitted', to: 'in_progress' },
    ]);
    expect(page?.items[1]?.changes.map((c) => c.path)).toEqual(['dueDate', 'originalDeadline', 'plan', 'status']);
    expect(page?.items[0]?.changes).toContainEqual({ path: 'description', from: null, to: '3户幼儿未享受低保生活补助' });
    expect(page?.items[0]?.reason).toBeNull();
  });

  it('pages with an opaque cursor', async () => {
    const e = `e-${tag()}`;
    await givenSignedOffEntry(e, `c-${tag()}`);
    const one = await history.entryHistory(e, CHUHE.path, { first: 4 });
    expect(one?.items.map((i) => i.streamVersion)).toEqual([0, 1, 2, 3]);
    expect(one?.hasNextPage).toBe(true);
    const two = await history.entryHistory(e, CHUHE.path, { first: 4, after: one?.endCursor ?? null });
    expect(two?.items.map((i) => i.streamVersion)).toEqual([4, 5]);
    expect(two?.hasNextPage).toBe(false);
    expect(two?.items[0]?.changes).toContainEqual({ path: 'status', from: 'in_progress', to: 'submitted' });
    await expect(history.entryHistory(e, CHUHE.path, { after: 'bm9wZQ' })).rejects.toBeInstanceOf(AuditError);
  });

  it('answers an entry outside the scope exactly like a missing one', async () => {
    const e = `e-${tag()}`;
    await givenSignedOffEntry(e, `c-${tag()}`);
    expect(await history.entryHistory(e, HUOLONG.path)).toBeNull();
    expect(await history.entryHistory(`missing-${tag()}`, XUCHANG.path)).toBeNull();
    expect(await history.entryHistory(e, '411000/411081')).not.toBeNull();
  });
});

describe('campaign and checklist history', () => {
  it('shows a city campaign to the city and the townships below it, not to another city', async () => {
    const c = `c-${tag()}`;
    const v = `v-${tag()}`;
    await h.append(streamIds.checklist(v), XUCHANG, [checklistDefined(v, XUCHANG)], 'user-reviewer');
    await h.append(streamIds.campaign(c), XUCHANG, [campaignIssued(c, XUCHANG, v)], 'user-reviewer');
    const campaign = await history.campaignHistory(c, CHUHE.path);
    expect(campaign?.items).toHaveLength(1);
    expect(campaign?.items[0]).toMatchObject({ type: 'CampaignIssued', actor: { userId: 'user-reviewer' } });
    expect(campaign?.items[0]?.changes).toContainEqual({ path: 'docNumber', from: null, to: '许巩固脱贫组〔2023〕4号' });
    expect(await history.checklistHistory(v, XUCHANG.path)).not.toBeNull();
    expect(await history.campaignHistory(c, '410100')).toBeNull();
    expect(await history.checklistHistory(v, '410100/410101')).toBeNull();
  });
});

describe('time travel', () => {
  it('rebuilds an entry as the system knew it at each instant, from events recorded by then', async () => {
    const e = `e-${tag()}`;
    const times = await givenSignedOffEntry(e, `c-${tag()}`);
    const before = new Date(times[0].getTime() - 1);
    expect(await timeTravel.entryAsOf(e, before, CHUHE.path)).toBeNull();
    expect((await timeTravel.entryAsOf(e, times[0], CHUHE.path))?.entry.status).toBe('recorded');
    expect((await timeTravel.entryAsOf(e, times[1], CHUHE.path))?.entry).toMatchObject({ status: 'planned', dueDate: '2023-08-20' });
    const rejectedThen = await timeTravel.entryAsOf(e, times[3], CHUHE.path);
    expect(rejectedThen).toMatchObject({ version: 3, lastRecordedAt: times[3], entry: { status: 'in_progress' } });
    expect(rejectedThen?.entry.signOffRejections).toHaveLength(1);
    expect((await timeTravel.entryAsOf(e, times[5], CHUHE.path))?.entry.status).toBe('signed_off');
    expect(await timeTravel.entryAsOf(e, times[5], HUOLONG.path)).toBeNull();
  });

  it('reads a township ledger, its roll-up and its diff between two instants', async () => {
    // A township of its own (a fresh path), so nothing else in the schema is counted.
    const CITY = '419900';
    const town = { id: `t-${tag()}`, path: `419900/419901/${Date.now() % 1_000_000_000}` };
    const c = `c-${tag()}`;
    const ids = [0, 1, 2, 3].map((i) => `e${i}-${tag()}`);
    for (const [i, e] of ids.entries()) await h.append(streamIds.entry(e), town, [problemRecorded(e, c, town, `${V1.slice(0, 11)}${i}`, 5, `第${i}个问题：补助未发放`)]);
    await h.append(streamIds.entry(ids[0]), town, [planned(ids[0], { kind: 'immediate', date: '2023-08-20' })]);
    const t1 = await h.append(streamIds.entry(ids[3]), town, [voided(ids[3], 'recorded', '2023-08-04T02:00:00Z')]);
    await h.append(streamIds.entry(ids[0]), town, [submitted(ids[0], '2023-08-10T02:00:00Z')]);
    await h.append(streamIds.entry(ids[0]), town, [signedOff(ids[0], '2023-08-12T02:00:00Z')]);
    const e4 = `e4-${tag()}`;
    await h.append(streamIds.entry(e4), town, [problemRecorded(e4, c, town, V1, 21, '供水管网老化漏水')]);
    const t2 = await h.append(streamIds.entry(ids[1]), town, [planned(ids[1], { kind: 'fixed_term', date: '2023-09-30' })]);

    const at1 = await timeTravel.ledgerAsOf(town.path, t1, CITY, { first: 2 });
    expect(at1.items).toHaveLength(2);
    expect(at1.hasNextPage).toBe(true);
    const rest = await timeTravel.ledgerAsOf(town.path, t1, CITY, { first: 10, after: at1.endCursor });
    const all1 = [...at1.items, ...rest.items];
    expect(all1.map((x) => [x.entryId, x.entry.status])).toEqual([
      [ids[0], 'planned'],
      [ids[1], 'recorded'],
      [ids[2], 'recorded'],
      [ids[3], 'voided'],
    ]);
    const planned1 = await timeTravel.ledgerAsOf(town.path, t1, CITY, { filter: { statuses: ['planned'] } });
    expect(planned1.items.map((x) => x.entryId)).toEqual([ids[0]]);

    // Overdue is judged on the Shanghai day of asOf: entry 0 is due 2023-08-20, still planned at t1.
    expect(await timeTravel.rollupAsOf(town.path, t1, CITY)).toMatchObject({
      total: 3,
      open: 3,
      closed: 0,
      voided: 1,
      overdue: 1,
      closureRate: 0,
      byStatus: { recorded: 2, planned: 1, voided: 1 },
    });
    const r2 = await timeTravel.rollupAsOf(town.path, t2, CITY);
    expect(r2).toMatchObject({ total: 4, open: 3, closed: 1, voided: 1, overdue: 1, closureRate: 0.25 });
    expect(await timeTravel.rollupAsOf(town.path, t2, '419900/419902')).toBeNull();
    expect((await timeTravel.ledgerAsOf(town.path, t2, HUOLONG.path)).items).toEqual([]);

    const diff = await timeTravel.ledgerDiff(town.path, t1, t2, CITY);
    expect(diff.added.map((d) => d.entryId)).toEqual([e4]);
    expect(diff.changed.map((d) => [d.entryId, d.statusFrom, d.statusTo])).toEqual([
      [ids[0], 'planned', 'signed_off'],
      [ids[1], 'recorded', 'planned'],
    ]);
    expect(diff.closed.map((d) => d.entryId)).toEqual([ids[0]]);
    expect(diff.changed[1]?.changes).toContainEqual({ path: 'dueDate', from: null, to: '2023-09-30' });
    await expect(timeTravel.ledgerDiff(town.path, t2, t1, CITY)).rejects.toBeInstanceOf(AuditError);
  });

  it('reads a page of many entries in one statement, exactly as folding each entry alone', async () => {
    const CITY = '419800';
    const town = { id: `t-${tag()}`, path: `419800/419801/${Date.now() % 1_000_000_000}` };
    // A sibling whose path extends the township's code: not in its subtree.
    const sibling = { id: `s-${tag()}`, path: `${town.path}9` };
    const c = `c-${tag()}`;
    const ids = Array.from({ length: 24 }, (_, i) => `m${String(i).padStart(2, '0')}-${tag()}`);
    for (const [i, e] of ids.entries()) {
      await h.append(streamIds.entry(e), town, [problemRecorded(e, c, town, `${V1.slice(0, 10)}${String(i).padStart(2, '0')}`, 5, `第${i}个问题：补助未发放`)]);
      if (i % 3 !== 0) await h.append(streamIds.entry(e), town, [planned(e, { kind: 'immediate', date: '2023-08-20' })]);
    }
    const outsider = `x-${tag()}`;
    await h.append(streamIds.entry(outsider), sibling, [problemRecorded(outsider, c, sibling, V1, 5, '相邻单位的问题不应出现')]);
    const t = await h.append(streamIds.entry(ids[1]), town, [submitted(ids[1], '2023-08-10T02:00:00Z')]);
    // After t: more events on listed entries, and a new entry; none of it may show at t.
    await h.append(streamIds.entry(ids[1]), town, [signedOff(ids[1], '2023-08-12T02:00:00Z')]);
    await h.append(streamIds.entry(ids[2]), town, [voided(ids[2], 'planned', '2023-08-12T02:00:00Z')]);
    const late = `m99-${tag()}`;
    await h.append(streamIds.entry(late), town, [problemRecorded(late, c, town, V1, 21, '之后才登记的问题')]);

    const log = new EventLogQuery(h.pool, h.schema);
    const first = await log.entryStreamsWithEventsAsOf(town.path, t, null, 10);
    expect(first.ids).toEqual(ids.slice(0, 10).map((e) => streamIds.entry(e)));
    expect(first.streams.get(streamIds.entry(ids[1]))?.map((e) => e.type)).toEqual(['ProblemRecorded', 'RectificationPlanned', 'ResultSubmitted']);
    const next = await log.entryStreamsWithEventsAsOf(town.path, t, first.ids[first.ids.length - 1] ?? null, 100);
    expect(next.ids).toEqual(ids.slice(10).map((e) => streamIds.entry(e)));

    const pages: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page = await timeTravel.ledgerAsOf(town.path, t, CITY, { first: 7, after });
      for (const item of page.items) {
        const alone = await timeTravel.entryAsOf(item.entryId, t, CITY);
        expect(item).toEqual(alone);
        pages.push(item.entryId);
      }
      if (!page.hasNextPage) break;
      after = page.endCursor;
    }
    expect(pages).toEqual(ids);
    const plannedOnly = await timeTravel.ledgerAsOf(town.path, t, CITY, { first: 5, filter: { statuses: ['planned'] } });
    expect(plannedOnly.items.map((x) => x.entryId)).toEqual(ids.filter((_, i) => i % 3 !== 0 && i !== 1).slice(0, 5));
    expect(await timeTravel.rollupAsOf(town.path, t, CITY)).toMatchObject({ total: 24, byStatus: { recorded: 8, planned: 15, submitted: 1 } });
  });
});
