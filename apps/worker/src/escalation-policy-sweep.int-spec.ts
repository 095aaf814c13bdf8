import { computeEntryLight, snapshotOfEntry, type Light } from '@rectify/escalation';
import { EscalationSweepService, LedgerCommandService, ManualClock, ReadModelEscalationPolicySource, ledgerEntryAggregate } from '@rectify/ledger-application';
import { shanghaiDateOf, streamIds, type EscalationPolicy, type LedgerEntry } from '@rectify/ledger-domain';
import { EscalationPolicyQueryService, LedgerEntryEntity, RecurrenceIndexService } from '@rectify/ledger-read-model';
import { WorkerHarness, county, ctx, inspector, otherTownship, type Chain } from './testing/worker-harness.int-spec';

/** Stricter than the defaults on every count (defaults: 3 / 7 / 3 / 14 / 7). */
const STRICT: EscalationPolicy = {
  yellowDaysBeforeDeadline: 5,
  noProgressYellowDays: 5,
  escalateToCountyAfterRedDays: 1,
  escalateToCountyAfterNoProgressDays: 10,
  escalateToCityAfterMoreDays: 3,
};

let h: WorkerHarness;
let chain: Chain;
let policies: ReadModelEscalationPolicySource;

beforeAll(async () => {
  h = await WorkerHarness.create();
  chain = await h.givenChain();
  // 禹州市 gives 褚河街道's campaign a stricter policy of its own; the other township stays on the defaults
  h.clock.set('2023-08-01T02:00:00Z');
  await h.ledger.campaign({ type: 'SetEscalationPolicy', campaignId: chain.township, policy: STRICT, reason: '褚河街道问题集中，从严督办' }, ctx(county));
  await h.project();
  policies = new ReadModelEscalationPolicySource(new EscalationPolicyQueryService(h.dataSource));
});

afterAll(async () => {
  await h.close();
});

async function lightOf(entryId: string): Promise<Light> {
  const { state } = await h.ledger.executor.load(ledgerEntryAggregate, streamIds.entry(entryId), county);
  const entry = state as LedgerEntry;
  return computeEntryLight(snapshotOfEntry(entry), shanghaiDateOf(h.clock.now()), await policies.policyFor(entry.campaignId)).light;
}

const levelOf = async (entryId: string): Promise<string | null> => (await h.dataSource.getRepository(LedgerEntryEntity).findOneByOrFail({ entryId })).escalationLevel;

async function escalations(entryId: string): Promise<{ level: string; at: string; reason: string }[]> {
  const events = await h.store.readStream(streamIds.entry(entryId));
  return events.filter((e) => e.type === 'EntryEscalated').map((e) => e.data as { level: string; at: string; reason: string });
}

describe('escalation sweep with a policy per campaign, against a clock the test controls', () => {
  it('the policy source sees the township’s own policy and the defaults elsewhere; loosest bounds both', async () => {
    expect(await policies.policyFor(chain.township)).toEqual(STRICT);
    expect(await policies.policyFor(chain.township2)).toMatchObject({ escalateToCountyAfterRedDays: 3, escalateToCityAfterMoreDays: 7 });
    expect(await policies.policyFor('no-such-campaign')).toMatchObject({ escalateToCountyAfterRedDays: 3 });
    expect(await policies.loosest()).toEqual({ ...STRICT, yellowDaysBeforeDeadline: 5 });
  });

  it('a stricter campaign goes yellow, red, county and city earlier than one on the defaults, once per level', async () => {
    const strict = await h.plannedEntry(chain.township, 5, '3户脱贫户幼儿未享受低保生活补助');
    const standard = await h.plannedEntry(chain.township2, 5, '2户脱贫户幼儿未享受低保生活补助', '2023-08-31', otherTownship);
    h.clock.set('2023-08-20T02:00:00Z');
    await h.ledger.entry({ type: 'ReportProgress', entryId: strict, note: '已核实3户名单，正在办理补发手续' }, ctx(inspector));
    await h.ledger.entry({ type: 'ReportProgress', entryId: standard, note: '已核实2户名单，正在办理补发手续' }, ctx(otherTownship));
    await h.project();

    const sweep = new EscalationSweepService(h.dataSource, h.ledger, h.clock, policies);
    // [today, strict light, strict level, standard light, standard level] — due 08-31, last progress 08-20
    const steps: [string, Light, string | null, Light, string | null][] = [
      ['2023-08-24', 'green', null, 'green', null],
      ['2023-08-25', 'yellow', null, 'green', null], // 5 days without progress (strict 5, defaults 7)
      ['2023-08-27', 'yellow', null, 'yellow', null], // the defaults' 7 days
      ['2023-08-29', 'yellow', null, 'yellow', null],
      ['2023-08-30', 'yellow', 'county', 'yellow', null], // 10 days without progress (strict 10, defaults 14)
      ['2023-09-01', 'red', 'county', 'red', null], // overdue 1 day: strict already escalated, defaults wait for 3
      ['2023-09-02', 'red', 'city', 'red', null], // 3 days after the county escalation (defaults: 7)
      ['2023-09-03', 'red', 'city', 'red', 'county'], // overdue 3 days under the defaults
      ['2023-09-09', 'red', 'city', 'red', 'county'],
      ['2023-09-10', 'red', 'city', 'red', 'city'], // 7 days after 09-03
    ];
    for (const [day, strictLight, strictLevel, standardLight, standardLevel] of steps) {
      h.clock.set(`${day}T02:00:00Z`);
      expect({ day, strict: await lightOf(strict), standard: await lightOf(standard) }).toEqual({ day, strict: strictLight, standard: standardLight });
      const result = await sweep.sweep({ pageSize: 1 });
      expect(result.skipped).toEqual([]);
      await h.project();
      expect({ day, strict: await levelOf(strict), standard: await levelOf(standard) }).toEqual({ day, strict: strictLevel, standard: standardLevel });
    }
    expect((await escalations(strict)).map((e) => [e.level, e.at])).toEqual([
      ['county', '2023-08-30T02:00:00.000Z'],
      ['city', '2023-09-02T02:00:00.000Z'],
    ]);
    expect((await escalations(standard)).map((e) => [e.level, e.at])).toEqual([
      ['county', '2023-09-03T02:00:00.000Z'],
      ['city', '2023-09-10T02:00:00.000Z'],
    ]);
  });

  it('two concurrent sweeps (two workers) under the campaign policies append each escalation once, and only where the policy makes it due', async () => {
    h.clock.set('2023-08-02T02:00:00Z');
    const strictEntries = [await h.plannedEntry(chain.township, 1, '村级责任清单未公示'), await h.plannedEntry(chain.township, 4, '2名适龄儿童未入学')];
    const standardEntry = await h.plannedEntry(chain.township2, 1, '村级责任清单未公示', '2023-08-31', otherTownship);
    h.clock.set('2023-08-28T02:00:00Z');
    for (const entryId of strictEntries) await h.ledger.entry({ type: 'ReportProgress', entryId, note: '已完成一半，剩余部分本周内完成' }, ctx(inspector));
    await h.ledger.entry({ type: 'ReportProgress', entryId: standardEntry, note: '已完成一半，剩余部分本周内完成' }, ctx(otherTownship));
    await h.project();

    // overdue 1 day, 4 days without progress: due under the strict policy only (the earlier entries are escalated to the city already)
    h.clock.set('2023-09-01T02:00:00Z');
    const other = new LedgerCommandService(h.store, new ManualClock('2023-09-01T02:00:00Z'), new RecurrenceIndexService(h.dataSource));
    const otherPolicies = new ReadModelEscalationPolicySource(new EscalationPolicyQueryService(h.dataSource));
    const [a, b] = await Promise.all([
      new EscalationSweepService(h.dataSource, h.ledger, h.clock, policies).sweep({ pageSize: 1, concurrency: 4 }),
      new EscalationSweepService(h.dataSource, other, h.clock, otherPolicies).sweep({ pageSize: 1, concurrency: 4 }),
    ]);
    for (const entryId of strictEntries) expect((await escalations(entryId)).map((e) => e.level)).toEqual(['county']);
    expect(await escalations(standardEntry)).toEqual([]);
    for (const run of [a, b]) {
      expect(run.escalated + run.alreadyDone + run.notDue).toBe(run.candidates);
      // the candidate query applies each campaign's own thresholds: the entry on the defaults is not even read
      expect(run.candidates).toBe(strictEntries.length);
    }
    expect(a.escalated + b.escalated).toBeGreaterThanOrEqual(strictEntries.length);
    expect([...a.skipped, ...b.skipped]).toEqual([]);

    // a third sweep before the projector caught up finds both already done and writes nothing
    const again = await new EscalationSweepService(h.dataSource, h.ledger, h.clock, policies).sweep();
    expect(again).toMatchObject({ escalated: 0, alreadyDone: strictEntries.length });
    for (const entryId of strictEntries) expect(await escalations(entryId)).toHaveLength(1);
  });

  it('clearing the township’s policy puts its entries back on the defaults at the next sweep', async () => {
    h.clock.set('2023-08-02T02:00:00Z');
    const entryId = await h.plannedEntry(chain.township, 21, '自来水管网老化，部分农户饮水不稳定');
    h.clock.set('2023-08-30T02:00:00Z');
    await h.ledger.entry({ type: 'ReportProgress', entryId, note: '管网更换已完成八成' }, ctx(inspector));
    await h.ledger.campaign({ type: 'SetEscalationPolicy', campaignId: chain.township, policy: null, reason: '整改进度已正常，恢复默认规则' }, ctx(county));
    await h.project();
    // only 褚河街道's entries: the other township's are on the defaults all along
    const sweep = new EscalationSweepService(h.dataSource, h.ledger, h.clock, policies);
    h.clock.set('2023-09-01T02:00:00Z'); // overdue 1 day: due under STRICT, not under the defaults
    expect(await sweep.sweep({ scope: inspector.tenantPath })).toMatchObject({ escalated: 0 });
    expect(await escalations(entryId)).toEqual([]);
    h.clock.set('2023-09-03T02:00:00Z'); // overdue 3 days
    expect(await sweep.sweep({ scope: inspector.tenantPath })).toMatchObject({ escalated: 1 });
    expect((await escalations(entryId)).map((e) => e.level)).toEqual(['county']);
  });
});
