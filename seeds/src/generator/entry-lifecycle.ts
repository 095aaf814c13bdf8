import {
  type Actor,
  type ChecklistItem,
  type LedgerEntryCommand,
  type LedgerEntryEvent,
  type LedgerEntryState,
  type PriorSignOff,
  type RectificationDeadline,
  type TenantRef,
  addDays,
  compareCalendarDates,
  decideLedgerEntry,
  evolveLedgerEntry,
  initialLedgerEntryState,
} from '@rectify/ledger-domain';
import { type HistoryTimeline, type Minutes } from './history-timeline';
import {
  EXTENSION_REASONS,
  EXTENSION_REJECTIONS,
  GIVEN_NAMES,
  MILESTONE_STEPS,
  PROBLEM_TEMPLATES,
  PROGRESS_NOTES,
  REJECTION_REASONS,
  SIGN_OFF_COMMENTS,
  SURNAMES,
  type TemplateValues,
  VOID_REASONS,
  chineseDate,
  fillTemplate,
} from './phrase-bank';
import { type Rng } from './seeded-random';

/** Shares of the lifecycle; tuned so that most entries close and a realistic tail stays open. */
export const LIFECYCLE_RATES = {
  voidBeforePlan: 0.01,
  voidAfterPlan: 0.02,
  immediate: 0.55,
  fixedTerm: 0.3,
  /** The rest are long-term (长效) plans with milestones. */
  signedOff: 0.8,
  pendingSignOff: 0.05,
  longTermSignedOff: 0.25,
  extension: 0.1,
  extensionApproved: 0.75,
  lateSubmission: 0.15,
  signOffRejected: 0.2,
  countyEscalation: 0.5,
  cityEscalation: 0.4,
} as const;

export type EntryParties = {
  township: TenantRef;
  townshipName: string;
  county: TenantRef;
  city: TenantRef;
  inspector: Actor;
  /** The township's ledger officer: plans, reports progress, submits results, asks for extensions. */
  officer: Actor;
  /** The county office's reviewer: signs off, rejects, decides on extensions. */
  reviewer: Actor;
  /** Acts for the county and the city when entries stay red (督办). */
  escalationWorker: Actor;
};

export type EntryContext = {
  entryId: string;
  campaignId: string;
  villageCode: string;
  item: ChecklistItem;
  parties: EntryParties;
  campaignDeadlines: { immediate: string; fixedTerm: string };
  timeline: HistoryTimeline;
  recordedAt: Minutes;
  priorSignedOff: PriorSignOff[];
};

export type EntryHistory = { events: LedgerEntryEvent[]; state: LedgerEntryState };

/** A Chinese name from the bank. */
export function personName(rng: Rng): string {
  return `${rng.pick(SURNAMES)}${rng.pick(GIVEN_NAMES)}`;
}

/**
 * One ledger entry's whole life, decided command by command by the domain's decider (so it is
 * valid by construction), with business time moving forward and never past the timeline's end.
 * The first event is always ProblemRecorded at `recordedAt`.
 */
export function simulateEntry(ctx: EntryContext, rng: Rng): EntryHistory {
  const { timeline, parties } = ctx;
  const events: LedgerEntryEvent[] = [];
  let state: LedgerEntryState = initialLedgerEntryState;
  let cursor = ctx.recordedAt;

  const run = (command: LedgerEntryCommand): void => {
    for (const event of decideLedgerEntry(command, state)) {
      state = evolveLedgerEntry(state, event);
      events.push(event);
    }
  };
  const meta = (actor: Actor, tenant: TenantRef) => ({ now: timeline.instantOf(cursor), actor, tenant });
  /** Moves to a working-hours time `minDays`..`maxDays` days on; false when that is past the end. */
  const later = (minDays: number, maxDays: number): boolean => {
    const day = Math.floor(cursor / 1440) + rng.between(minDays, maxDays);
    cursor = Math.max(cursor + rng.between(10, 90), timeline.at(day, rng.between(8, 17), rng.between(0, 59)));
    return cursor <= timeline.horizon;
  };
  /** Moves to a working-hours time on `date` (or a little after the cursor if that is earlier). */
  const onDate = (date: string): boolean => {
    cursor = Math.max(cursor + rng.between(10, 90), timeline.at(timeline.dayOf(date), rng.between(8, 17), rng.between(0, 59)));
    return cursor <= timeline.horizon;
  };
  const today = (): string => timeline.dateOf(cursor);

  const templates = PROBLEM_TEMPLATES[ctx.item.subAreaNo] ?? PROBLEM_TEMPLATES[15] ?? [];
  const template = rng.pick(templates);
  const values: TemplateValues = { n: rng.between(1, 5), m: rng.between(10, 300), group: rng.between(1, 9), surname: rng.pick(SURNAMES), date: '' };
  const officerMeta = () => meta(parties.officer, parties.township);
  const reviewerMeta = () => meta(parties.reviewer, parties.county);
  const evidence = (round: number): string[] =>
    Array.from({ length: rng.between(1, 3) }, (_, i) => `evidence/${ctx.entryId}/r${round}-${i + 1}.jpg`);

  run({
    type: 'RecordProblem',
    metadata: meta(parties.inspector, parties.township),
    entryId: ctx.entryId,
    campaignId: ctx.campaignId,
    villageCode: ctx.villageCode,
    itemNo: ctx.item.itemNo,
    description: fillTemplate(template.problem, values),
    foundBy: parties.inspector.name ?? parties.inspector.userId,
    foundAt: timeline.instantOf(cursor - rng.between(20, 120)),
    campaignDeadlines: ctx.campaignDeadlines,
    priorSignedOff: ctx.priorSignedOff,
  });
  const done = (): EntryHistory => ({ events, state });

  const fate = rng.next();
  if (fate < LIFECYCLE_RATES.voidBeforePlan) {
    if (later(1, 3)) run({ type: 'VoidEntry', metadata: officerMeta(), entryId: ctx.entryId, reason: rng.pick(VOID_REASONS) });
    return done();
  }

  // 整改措施 / 责任单位 / 责任人 / 整改时限
  if (!later(0, 2)) return done();
  const deadline = planDeadline(rng, today(), ctx.campaignDeadlines);
  run({
    type: 'PlanRectification',
    metadata: officerMeta(),
    entryId: ctx.entryId,
    measures: fillTemplate(template.measures, values),
    responsibleUnit: rng.chance(0.5) ? `${parties.townshipName}人民政府` : rng.pick(ctx.item.responsibleUnits),
    responsiblePerson: personName(rng),
    deadline,
  });
  if (fate < LIFECYCLE_RATES.voidBeforePlan + LIFECYCLE_RATES.voidAfterPlan) {
    if (later(2, 8)) run({ type: 'VoidEntry', metadata: officerMeta(), entryId: ctx.entryId, reason: rng.pick(VOID_REASONS) });
    return done();
  }

  const longTerm = deadline.kind === 'long_term';
  const outcome = rng.next();
  const closes = longTerm ? outcome < LIFECYCLE_RATES.longTermSignedOff : outcome < LIFECYCLE_RATES.signedOff;
  const staysSubmitted = !longTerm && !closes && outcome < LIFECYCLE_RATES.signedOff + LIFECYCLE_RATES.pendingSignOff;
  const submits = closes || staysSubmitted;
  const dueDate = (): string => (state?.dueDate ?? timeline.fixedTerm);

  // 申请延期
  if (!longTerm && rng.chance(LIFECYCLE_RATES.extension)) {
    const askOn = addDays(dueDate(), -rng.between(1, 4));
    if (!onDate(compareCalendarDates(askOn, today()) > 0 ? askOn : today())) return done();
    const requestedDate = addDays(dueDate(), rng.between(10, 30));
    if (compareCalendarDates(requestedDate, today()) < 0) return done();
    run({ type: 'RequestDeadlineExtension', metadata: officerMeta(), entryId: ctx.entryId, requestedDate, reason: rng.pick(EXTENSION_REASONS) });
    if (!later(1, 2)) return done();
    if (rng.chance(LIFECYCLE_RATES.extensionApproved)) {
      run({ type: 'ApproveDeadlineExtension', metadata: reviewerMeta(), entryId: ctx.entryId, comment: '同意延期，请按新时限完成。' });
    } else {
      run({ type: 'RejectDeadlineExtension', metadata: reviewerMeta(), entryId: ctx.entryId, reason: rng.pick(EXTENSION_REJECTIONS) });
    }
  }

  // 整改进展
  const progressReports = rng.between(0, 3);
  for (let i = 0; i < progressReports; i++) {
    if (!later(2, 9)) return done();
    run({ type: 'ReportProgress', metadata: officerMeta(), entryId: ctx.entryId, note: rng.pick(PROGRESS_NOTES), evidenceRefs: rng.chance(0.5) ? evidence(0) : [] });
  }

  const late = !submits || rng.chance(LIFECYCLE_RATES.lateSubmission);
  if (late && !escalateWhenOverdue(rng, ctx, dueDate(), () => cursor, (t) => (cursor = t), run)) return done();
  if (!submits) return done();

  // 整改结果
  const submitOn = late ? addDays(dueDate(), rng.between(1, 10)) : addDays(today(), rng.between(1, Math.max(1, timeline.dayOf(dueDate()) - timeline.dayOf(today()))));
  if (!onDate(compareCalendarDates(submitOn, today()) > 0 ? submitOn : today())) return done();
  run({ type: 'SubmitResult', metadata: officerMeta(), entryId: ctx.entryId, result: fillTemplate(template.result, { ...values, date: chineseDate(today()) }), evidenceRefs: evidence(1) });
  if (staysSubmitted) return done();

  // 销号 (sometimes after one rejection)
  if (!later(1, 4)) return done();
  if (rng.chance(LIFECYCLE_RATES.signOffRejected)) {
    run({ type: 'RejectSignOff', metadata: reviewerMeta(), entryId: ctx.entryId, reason: rng.pick(REJECTION_REASONS) });
    if (!later(2, 7)) return done();
    const again = `${fillTemplate(template.result, { ...values, date: chineseDate(today()) })}已按审核意见补充佐证材料。`;
    run({ type: 'SubmitResult', metadata: officerMeta(), entryId: ctx.entryId, result: again, evidenceRefs: evidence(2) });
    if (!later(1, 3)) return done();
  }
  run({ type: 'ApproveSignOff', metadata: reviewerMeta(), entryId: ctx.entryId, ...(rng.chance(0.5) ? { comment: rng.pick(SIGN_OFF_COMMENTS) } : {}) });
  return done();
}

/** 督办: county three days after the due date, city a week later; false when past the end. */
function escalateWhenOverdue(
  rng: Rng,
  ctx: EntryContext,
  dueDate: string,
  now: () => Minutes,
  moveTo: (t: Minutes) => void,
  run: (command: LedgerEntryCommand) => void,
): boolean {
  const { timeline, parties } = ctx;
  if (!rng.chance(LIFECYCLE_RATES.countyEscalation)) return true;
  const countyAt = timeline.at(timeline.dayOf(addDays(dueDate, 3)), 8, rng.between(0, 59));
  if (countyAt <= now() || countyAt > timeline.horizon) return true;
  moveTo(countyAt);
  run({
    type: 'Escalate',
    metadata: { now: timeline.instantOf(countyAt), actor: parties.escalationWorker, tenant: parties.county },
    entryId: ctx.entryId,
    level: 'county',
    targetTenant: parties.county,
    reason: '逾期3天未销号',
  });
  if (!rng.chance(LIFECYCLE_RATES.cityEscalation)) return true;
  const cityAt = timeline.at(timeline.dayOf(addDays(dueDate, 10)), 8, rng.between(0, 59));
  if (cityAt > timeline.horizon) return true;
  moveTo(cityAt);
  run({
    type: 'Escalate',
    metadata: { now: timeline.instantOf(cityAt), actor: parties.escalationWorker, tenant: parties.city },
    entryId: ctx.entryId,
    level: 'city',
    targetTenant: parties.city,
    reason: '逾期10天未销号，县级督办后仍未整改到位',
  });
  return true;
}

function planDeadline(rng: Rng, today: string, campaign: { immediate: string; fixedTerm: string }): RectificationDeadline {
  const roll = rng.next();
  const capped = (date: string, limit: string): string => (compareCalendarDates(date, limit) > 0 ? limit : date);
  if (roll < LIFECYCLE_RATES.immediate && compareCalendarDates(today, campaign.immediate) <= 0) {
    return { kind: 'immediate', date: capped(addDays(today, rng.between(3, 21)), campaign.immediate) };
  }
  if (roll < LIFECYCLE_RATES.immediate + LIFECYCLE_RATES.fixedTerm && compareCalendarDates(today, campaign.fixedTerm) <= 0) {
    return { kind: 'fixed_term', date: capped(addDays(today, rng.between(20, 75)), campaign.fixedTerm) };
  }
  const first = addDays(today, rng.between(25, 45));
  const second = addDays(first, rng.between(25, 45));
  const third = addDays(second, rng.between(30, 60));
  return {
    kind: 'long_term',
    milestones: [
      { date: first, description: MILESTONE_STEPS[0] ?? '完成摸底' },
      { date: second, description: MILESTONE_STEPS[1] ?? '完成主体任务' },
      { date: third, description: MILESTONE_STEPS[2] ?? '完成验收' },
    ],
  };
}
