import fc from 'fast-check';
import { assertJson } from '@rectify/shared-util';
import { CHUHE, VILLAGE, XUCHANG, YUZHOU } from '../testing/fixtures';
import { EVENT_SCHEMA_VERSIONS, fold } from '../domain-event';
import { addDays, compareCalendarDates } from '../shared/calendar';
import { type CommandMetadata, type TenantRef } from '../shared/command-metadata';
import { DomainError } from '../shared/domain-error';
import { checkMeasuresText, checkResultText } from '../text/specific-text';
import { decideLedgerEntry, evolveLedgerEntry } from './ledger-entry.decider';
import { type EntryStatus, type LedgerEntry, type LedgerEntryCommand, type LedgerEntryEvent, type PriorSignOff, type RectificationDeadline } from './ledger-entry.types';
import { dueDateOf } from './rectification-deadline';

/**
 * Random command sequences against one entry: whatever is accepted, the state never breaks an
 * invariant, status changes are legal, events are plain JSON, and replaying them (also after a
 * JSON round trip, as the store does) rebuilds the same state.
 */

type Step = { days: number; user: string; tenant: TenantRef; build: (metadata: CommandMetadata) => LedgerEntryCommand };

const users = ['u-inspector', 'u-worker', 'u-reviewer'];
const tenants = [CHUHE, YUZHOU, XUCHANG, { id: 't-other', path: '411000/411081/411081001' }];
const dates = fc.integer({ min: -5, max: 90 }).map((d) => addDays('2023-08-02', d));
const texts = fc.oneof(
  { weight: 1, arbitrary: fc.constantFrom('', '已整改', '已完成。', '整改到位', '加强管理', '立即整改', '入户核实') },
  { weight: 3, arbitrary: fc.constantFrom('更换老化供水管道120米并复检水质', '为3名幼儿补发保教费900元，凭证存档') },
);
const refs: fc.Arbitrary<string[]> = fc.oneof({ weight: 3, arbitrary: fc.constant<string[]>(['file-1']) }, { weight: 1, arbitrary: fc.array(fc.constantFrom('file-1', 'file-2', ' ', ''), { maxLength: 3 }) });
const orBlank = (value: string): fc.Arbitrary<string> => fc.oneof({ weight: 4, arbitrary: fc.constant(value) }, { weight: 1, arbitrary: fc.constant(' ') });

const deadline: fc.Arbitrary<RectificationDeadline> = fc.oneof(
  dates.map((date) => ({ kind: 'immediate' as const, date })),
  dates.map((date) => ({ kind: 'fixed_term' as const, date })),
  fc.array(fc.record({ date: dates, description: fc.constantFrom('', '一期改造', '二期验收') }), { maxLength: 3 }).map((milestones) => ({ kind: 'long_term' as const, milestones })),
);

const prior: fc.Arbitrary<PriorSignOff[]> = fc.oneof({ weight: 3, arbitrary: fc.constant<PriorSignOff[]>([]) }, { weight: 1, arbitrary: fc.array(
  fc.record({
    entryId: fc.constantFrom('e0', 'e-old', 'e1', ''),
    campaignId: fc.constantFrom('c-2022', 'c-chuhe'),
    signedOffAt: fc.constantFrom('2022-09-01T00:00:00Z', '2023-07-30T00:00:00Z', '2030-01-01T00:00:00Z', 'x'),
  }),
  { maxLength: 2 },
) });

const command: fc.Arbitrary<(m: CommandMetadata) => LedgerEntryCommand> = fc.oneof(
  fc.tuple(prior, fc.constantFrom('e1', 'e1', 'e1', 'e2')).map(([priorSignedOff, entryId]) => (metadata: CommandMetadata): LedgerEntryCommand => ({
    type: 'RecordProblem',
    metadata,
    entryId,
    campaignId: 'c-chuhe',
    villageCode: VILLAGE,
    itemNo: 5,
    description: '3名在园幼儿未享受保教费补助',
    foundBy: '王排查',
    foundAt: '2023-08-01T00:00:00Z',
    campaignDeadlines: { immediate: '2023-08-31', fixedTerm: '2023-10-31' },
    priorSignedOff,
  })),
  fc.tuple(texts, orBlank('褚河街道办'), orBlank('赵负责'), deadline).map(
    ([measures, responsibleUnit, responsiblePerson, d]) =>
      (metadata: CommandMetadata): LedgerEntryCommand => ({ type: 'PlanRectification', metadata, entryId: 'e1', measures, responsibleUnit, responsiblePerson, deadline: d }),
  ),
  fc.tuple(texts, refs).map(([note, evidenceRefs]) => (metadata: CommandMetadata): LedgerEntryCommand => ({ type: 'ReportProgress', metadata, entryId: 'e1', note, evidenceRefs })),
  fc.tuple(texts, refs).map(([result, evidenceRefs]) => (metadata: CommandMetadata): LedgerEntryCommand => ({ type: 'SubmitResult', metadata, entryId: 'e1', result, evidenceRefs })),
  fc.constant((metadata: CommandMetadata): LedgerEntryCommand => ({ type: 'ApproveSignOff', metadata, entryId: 'e1' })),
  texts.map((reason) => (metadata: CommandMetadata): LedgerEntryCommand => ({ type: 'RejectSignOff', metadata, entryId: 'e1', reason })),
  fc.tuple(dates, texts).map(([requestedDate, reason]) => (metadata: CommandMetadata): LedgerEntryCommand => ({ type: 'RequestDeadlineExtension', metadata, entryId: 'e1', requestedDate, reason })),
  fc.constant((metadata: CommandMetadata): LedgerEntryCommand => ({ type: 'ApproveDeadlineExtension', metadata, entryId: 'e1' })),
  texts.map((reason) => (metadata: CommandMetadata): LedgerEntryCommand => ({ type: 'RejectDeadlineExtension', metadata, entryId: 'e1', reason })),
  fc.tuple(fc.constantFrom('county' as const, 'city' as const), fc.constantFrom(...tenants), texts).map(
    ([level, targetTenant, reason]) =>
      (metadata: CommandMetadata): LedgerEntryCommand => ({ type: 'Escalate', metadata, entryId: 'e1', level, targetTenant, reason }),
  ),
  texts.map((reason) => (metadata: CommandMetadata): LedgerEntryCommand => ({ type: 'VoidEntry', metadata, entryId: 'e1', reason })),
);

const step: fc.Arbitrary<Step> = fc.record({
  days: fc.integer({ min: 0, max: 3 }),
  user: fc.constantFrom(...users),
  tenant: fc.constantFrom(CHUHE, CHUHE, CHUHE, YUZHOU, tenants[3] as TenantRef),
  build: command,
});

/** A valid RecordProblem and PlanRectification, prefixed to most runs so they get past the start. */
const validStart: Step[] = [
  {
    days: 0,
    user: 'u-inspector',
    tenant: CHUHE,
    build: (metadata) => ({
      type: 'RecordProblem',
      metadata,
      entryId: 'e1',
      campaignId: 'c-chuhe',
      villageCode: VILLAGE,
      itemNo: 5,
      description: '3名在园幼儿未享受保教费补助',
      foundBy: '王排查',
      foundAt: '2023-08-01T00:00:00Z',
      campaignDeadlines: { immediate: '2023-08-31', fixedTerm: '2023-10-31' },
      priorSignedOff: [],
    }),
  },
  {
    days: 0,
    user: 'u-worker',
    tenant: CHUHE,
    build: (metadata) => ({
      type: 'PlanRectification',
      metadata,
      entryId: 'e1',
      measures: '入户核实后报教体局补发保教费',
      responsibleUnit: '褚河街道办',
      responsiblePerson: '赵负责',
      deadline: { kind: 'immediate', date: '2023-08-31' },
    }),
  },
];

const LEGAL: Record<EntryStatus, readonly EntryStatus[]> = {
  recorded: ['recorded', 'planned', 'voided'],
  planned: ['planned', 'in_progress', 'submitted', 'voided'],
  in_progress: ['in_progress', 'submitted', 'voided'],
  submitted: ['submitted', 'signed_off', 'in_progress', 'voided'],
  signed_off: ['signed_off'],
  voided: ['voided'],
};

function checkInvariants(entry: LedgerEntry): void {
  const planned = ['planned', 'in_progress', 'submitted', 'signed_off'].includes(entry.status);
  if (planned) {
    expect(entry.plan).not.toBeNull();
  }
  if (entry.plan) {
    expect(entry.plan.responsibleUnit.trim()).not.toBe('');
    expect(entry.plan.responsiblePerson.trim()).not.toBe('');
    expect(checkMeasuresText(entry.plan.measures, entry.description).ok).toBe(true);
    expect(entry.originalDeadline).toEqual(entry.plan.deadline);
    expect(entry.dueDate).not.toBeNull();
    expect(compareCalendarDates(entry.dueDate ?? '', dueDateOf(entry.plan.deadline))).toBeGreaterThanOrEqual(0);
    const d = entry.plan.deadline;
    if (d.kind === 'immediate') expect(compareCalendarDates(d.date, entry.campaignDeadlines.immediate)).toBeLessThanOrEqual(0);
    if (d.kind === 'fixed_term') expect(compareCalendarDates(d.date, entry.campaignDeadlines.fixedTerm)).toBeLessThanOrEqual(0);
    if (d.kind === 'long_term') expect(d.milestones.length).toBeGreaterThan(0);
  } else {
    expect(entry.originalDeadline).toBeNull();
  }
  if (entry.status === 'submitted' || entry.status === 'signed_off') {
    expect(entry.result).not.toBeNull();
  }
  if (entry.result) {
    expect(checkResultText(entry.result.text).ok).toBe(true);
    expect(entry.result.evidenceRefs.length).toBeGreaterThan(0);
  }
  if (entry.status === 'signed_off') {
    expect(entry.signOff).not.toBeNull();
    expect(entry.signOff?.by.userId).not.toBe(entry.result?.submittedBy.userId);
  } else {
    expect(entry.signOff).toBeNull();
  }
  if (entry.status === 'signed_off' || entry.status === 'voided') expect(entry.pendingExtension).toBeNull();
  expect(entry.voided !== null).toBe(entry.status === 'voided');
  const levels = entry.escalations.map((e) => e.level);
  expect(new Set(levels).size).toBe(levels.length);
  if (levels.includes('city')) expect(levels.indexOf('county')).toBeLessThan(levels.indexOf('city'));
  for (const e of entry.extensions) expect(compareCalendarDates(e.newDueDate, e.previousDueDate)).toBeGreaterThan(0);
}

describe('ledger entry properties', () => {
  it('random command sequences never reach an invalid state, and replay rebuilds it', () => {
    const reached = new Set<EntryStatus>();
    const accepted = new Set<LedgerEntryEvent['type']>();
    fc.assert(
      fc.property(fc.constantFrom(0, 1, 2, 2, 2), fc.array(step, { minLength: 1, maxLength: 40 }), (head, tail) => {
        const steps = [...validStart.slice(0, head), ...tail];
        let state: LedgerEntry | null = null;
        const events: LedgerEntryEvent[] = [];
        let minutes = 0;
        for (const s of steps) {
          minutes += s.days * 24 * 60 + 1;
          const now = `${addDays('2023-08-02', Math.floor(minutes / 1440))}T${String(Math.floor((minutes % 1440) / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}:00+08:00`;
          const metadata: CommandMetadata = { now, actor: { userId: s.user }, tenant: s.tenant };
          let produced: LedgerEntryEvent[] = [];
          try {
            produced = decideLedgerEntry(s.build(metadata), state);
          } catch (error) {
            if (!(error instanceof DomainError)) throw error;
            continue;
          }
          for (const event of produced) {
            assertJson(event);
            expect(event.schemaVersion).toBe(EVENT_SCHEMA_VERSIONS[event.type]);
            const before: EntryStatus | null = state?.status ?? null;
            state = evolveLedgerEntry(state, event);
            events.push(event);
            reached.add(state?.status ?? 'recorded');
            accepted.add(event.type);
            if (state === null) throw new Error('an accepted event emptied the state');
            if (before !== null) expect(LEGAL[before]).toContain(state.status);
            checkInvariants(state);
          }
        }
        const replayed = fold(evolveLedgerEntry, null, events);
        expect(replayed).toEqual(state);
        expect(fold(evolveLedgerEntry, null, events)).toEqual(replayed);
        const stored = JSON.parse(JSON.stringify(events)) as LedgerEntryEvent[];
        expect(fold(evolveLedgerEntry, null, stored)).toEqual(state);
      }),
      { numRuns: 500 },
    );
    // The generator must reach every status and every event type, or the property proves little.
    expect([...reached].sort()).toEqual(['in_progress', 'planned', 'recorded', 'signed_off', 'submitted', 'voided']);
    expect(accepted.size).toBe(Object.keys(EVENT_SCHEMA_VERSIONS).filter((t) => !/^(Campaign|Checklist|VillageItem|Report)/.test(t)).length);
  });

  it('reaches sign-off along the happy path regardless of the order of optional steps', () => {
    const m = (userId: string, day: number): CommandMetadata => ({ now: `${addDays('2023-08-02', day)}T09:00:00+08:00`, actor: { userId }, tenant: CHUHE });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3 }), fc.boolean(), (progressReports, extend) => {
        let state: LedgerEntry | null = null;
        const run = (c: LedgerEntryCommand): void => {
          for (const e of decideLedgerEntry(c, state)) state = evolveLedgerEntry(state, e);
        };
        run({
          type: 'RecordProblem',
          metadata: m('u-inspector', 0),
          entryId: 'e1',
          campaignId: 'c',
          villageCode: VILLAGE,
          itemNo: 21,
          description: '2户饮用水管道老化漏水',
          foundBy: '王排查',
          foundAt: '2023-08-01T00:00:00Z',
          campaignDeadlines: { immediate: '2023-08-31', fixedTerm: '2023-10-31' },
          priorSignedOff: [],
        });
        run({ type: 'PlanRectification', metadata: m('u-worker', 1), entryId: 'e1', measures: '更换2户入户管道并复检水质', responsibleUnit: '市水利局', responsiblePerson: '钱负责', deadline: { kind: 'immediate', date: '2023-08-31' } });
        for (let i = 0; i < progressReports; i++) run({ type: 'ReportProgress', metadata: m('u-worker', 2 + i), entryId: 'e1', note: `第${i + 1}次进展` });
        if (extend) {
          run({ type: 'RequestDeadlineExtension', metadata: m('u-worker', 6), entryId: 'e1', requestedDate: '2023-09-30', reason: '管材到货延迟' });
          run({ type: 'ApproveDeadlineExtension', metadata: m('u-reviewer', 7), entryId: 'e1' });
        }
        run({ type: 'SubmitResult', metadata: m('u-worker', 8), entryId: 'e1', result: '已更换2户入户管道共40米，水质复检合格', evidenceRefs: ['photo-1'] });
        run({ type: 'ApproveSignOff', metadata: m('u-reviewer', 9), entryId: 'e1' });
        const final = state as LedgerEntry | null;
        expect(final?.status).toBe('signed_off');
        expect(final?.originalDeadline).toEqual({ kind: 'immediate', date: '2023-08-31' });
        expect(final?.dueDate).toBe(extend ? '2023-09-30' : '2023-08-31');
      }),
    );
  });
});
