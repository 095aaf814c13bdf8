import { CHUHE, VILLAGE, XUCHANG, YUZHOU, asUser, meta } from '../testing/fixtures';
import { deciderSpec } from '../testing/decider-spec';
import { type LedgerErrorCode } from '../shared/domain-error';
import { decideLedgerEntry, evolveLedgerEntry } from './ledger-entry.decider';
import {
  type LedgerEntryEvent,
  type PlanRectification,
  type RecordProblem,
  type RectificationDeadline,
  type ReportProgress,
  type SubmitResult,
  initialLedgerEntryState,
} from './ledger-entry.types';
import { isEntryOverdue } from './rectification-deadline';

const spec = deciderSpec({ decide: decideLedgerEntry, evolve: evolveLedgerEntry, initial: initialLedgerEntryState });

const INSPECTOR = 'user-inspector';
const WORKER = 'user-worker';
const REVIEWER = 'user-reviewer';
const DESCRIPTION = '张庄村3名在园幼儿未享受2023年春季保教费补助';
const MEASURES = '入户核实3名幼儿在园情况，报市教体局补发春季保教费并建立发放台账';
const RESULT = '已为张庄村3名在园幼儿补发2023年春季保教费共900元，发放凭证已存档。';

const record: RecordProblem = {
  type: 'RecordProblem',
  metadata: meta(),
  entryId: 'e1',
  campaignId: 'c-chuhe',
  villageCode: VILLAGE,
  itemNo: 5,
  description: DESCRIPTION,
  foundBy: '王排查',
  foundAt: '2023-08-02T01:00:00Z',
  campaignDeadlines: { immediate: '2023-08-31', fixedTerm: '2023-10-31' },
  priorSignedOff: [],
};

const recorded: LedgerEntryEvent = {
  type: 'ProblemRecorded',
  schemaVersion: 1,
  data: {
    entryId: 'e1',
    campaignId: 'c-chuhe',
    tenant: CHUHE,
    villageCode: VILLAGE,
    itemNo: 5,
    description: DESCRIPTION,
    foundBy: '王排查',
    foundAt: '2023-08-02T01:00:00Z',
    campaignDeadlines: { immediate: '2023-08-31', fixedTerm: '2023-10-31' },
    recurrence: null,
    at: '2023-08-02T02:00:00Z',
    by: { userId: INSPECTOR, name: '王排查', role: 'township_officer' },
  },
};

const planCommand = (deadline: RectificationDeadline, overrides: Partial<PlanRectification> = {}): PlanRectification => ({
  type: 'PlanRectification',
  metadata: asUser(WORKER, '2023-08-03T02:00:00Z'),
  entryId: 'e1',
  measures: MEASURES,
  responsibleUnit: '褚河街道办事处',
  responsiblePerson: '赵负责',
  deadline,
  ...overrides,
});

const planned: LedgerEntryEvent = {
  type: 'RectificationPlanned',
  schemaVersion: 1,
  data: {
    entryId: 'e1',
    measures: MEASURES,
    responsibleUnit: '褚河街道办事处',
    responsiblePerson: '赵负责',
    deadline: { kind: 'immediate', date: '2023-08-20' },
    at: '2023-08-03T02:00:00Z',
    by: { userId: WORKER },
  },
};
const plannedLongTerm: LedgerEntryEvent = {
  ...planned,
  data: { ...planned.data, deadline: { kind: 'long_term', milestones: [{ date: '2023-12-31', description: '完成全部户厕改造' }] } },
};
const progressed: LedgerEntryEvent = {
  type: 'ProgressReported',
  schemaVersion: 1,
  data: { entryId: 'e1', note: '已完成3户入户核实', evidenceRefs: ['file-1'], at: '2023-08-05T02:00:00Z', by: { userId: WORKER } },
};
const submitted: LedgerEntryEvent = {
  type: 'ResultSubmitted',
  schemaVersion: 1,
  data: { entryId: 'e1', result: RESULT, evidenceRefs: ['file-2'], at: '2023-08-10T02:00:00Z', by: { userId: WORKER } },
};
const signedOff: LedgerEntryEvent = {
  type: 'SignOffApproved',
  schemaVersion: 1,
  data: { entryId: 'e1', comment: null, resultSubmittedBy: WORKER, at: '2023-08-11T02:00:00Z', by: { userId: REVIEWER } },
};
const extensionRequested: LedgerEntryEvent = {
  type: 'DeadlineExtensionRequested',
  schemaVersion: 1,
  data: { entryId: 'e1', currentDueDate: '2023-08-20', requestedDate: '2023-09-15', reason: '补助资金9月初才能到账', at: '2023-08-06T02:00:00Z', by: { userId: WORKER } },
};
const countyEscalation: LedgerEntryEvent = {
  type: 'EntryEscalated',
  schemaVersion: 1,
  data: { entryId: 'e1', level: 'county', targetTenant: YUZHOU, reason: '逾期3天', at: '2023-08-24T02:00:00Z', by: { userId: 'system-escalation' } },
};

const atWorker = asUser(WORKER, '2023-08-10T02:00:00Z');
const atReviewer = asUser(REVIEWER, '2023-08-11T02:00:00Z', YUZHOU);

describe('RecordProblem', () => {
  it('→ ProblemRecorded', () => {
    spec.given([]).when(record).then([recorded]);
  });

  it('marks a recurrence linked to the latest earlier signed-off entry (屡改屡犯)', () => {
    const [event] = spec
      .given([])
      .when({
        ...record,
        priorSignedOff: [
          { entryId: 'e-2023-b', campaignId: 'c-chuhe', signedOffAt: '2023-08-01T00:00:00Z' },
          { entryId: 'e-2022', campaignId: 'c-2022', signedOffAt: '2022-09-01T00:00:00+08:00' },
        ],
      })
      .events();
    expect(event?.type === 'ProblemRecorded' && event.data.recurrence).toEqual({
      previousEntryId: 'e-2023-b',
      previousCampaignId: 'c-chuhe',
      previousSignedOffAt: '2023-08-01T00:00:00Z',
      priorSignedOff: [
        { entryId: 'e-2022', campaignId: 'c-2022', signedOffAt: '2022-09-01T00:00:00+08:00' },
        { entryId: 'e-2023-b', campaignId: 'c-chuhe', signedOffAt: '2023-08-01T00:00:00Z' },
      ],
    });
  });

  it.each<[string, Partial<RecordProblem>, LedgerErrorCode]>([
    ['a found time after now', { foundAt: '2023-08-02T03:00:00Z' }, 'LEDGER_INVALID_INPUT'],
    ['a found time that is not an instant', { foundAt: '2023-08-02' }, 'LEDGER_INVALID_INPUT'],
    ['a blank description', { description: '  ' }, 'LEDGER_INVALID_INPUT'],
    ['a blank finder', { foundBy: '' }, 'LEDGER_INVALID_INPUT'],
    ['item 0', { itemNo: 0 }, 'LEDGER_INVALID_INPUT'],
    ['a blank village', { villageCode: '' }, 'LEDGER_INVALID_ID'],
    ['a blank campaign', { campaignId: ' ' }, 'LEDGER_INVALID_ID'],
    ['a blank entry id', { entryId: '' }, 'LEDGER_INVALID_ID'],
    ['a bad campaign date', { campaignDeadlines: { immediate: '2023-08-32', fixedTerm: '2023-10-31' } }, 'LEDGER_INVALID_DATE'],
    ['立行立改 after 限期解决', { campaignDeadlines: { immediate: '2023-11-30', fixedTerm: '2023-10-31' } }, 'LEDGER_CAMPAIGN_DATES_INVALID'],
    ['a prior sign-off of this entry', { priorSignedOff: [{ entryId: 'e1', campaignId: 'c', signedOffAt: '2023-01-01T00:00:00Z' }] }, 'LEDGER_RECURRENCE_INVALID'],
    [
      'a prior sign-off listed twice',
      {
        priorSignedOff: [
          { entryId: 'e0', campaignId: 'c', signedOffAt: '2023-01-01T00:00:00Z' },
          { entryId: 'e0', campaignId: 'c', signedOffAt: '2023-01-01T00:00:00Z' },
        ],
      },
      'LEDGER_RECURRENCE_INVALID',
    ],
    ['a prior sign-off in the future', { priorSignedOff: [{ entryId: 'e0', campaignId: 'c', signedOffAt: '2024-01-01T00:00:00Z' }] }, 'LEDGER_RECURRENCE_INVALID'],
    ['a prior sign-off without a time', { priorSignedOff: [{ entryId: 'e0', campaignId: 'c', signedOffAt: '' }] }, 'LEDGER_RECURRENCE_INVALID'],
  ])('rejects %s', (_name, change, code) => {
    spec.given([]).when({ ...record, ...change }).thenError(code);
  });

  it('rejects an entry that already exists', () => {
    spec.given([recorded]).when(record).thenError('LEDGER_ENTRY_ALREADY_EXISTS');
  });
});

describe('PlanRectification', () => {
  it('→ RectificationPlanned (立行立改 by a date no later than the campaign’s)', () => {
    spec.given([recorded]).when(planCommand({ kind: 'immediate', date: '2023-08-20' })).then([planned]);
  });

  it('accepts 限期解决 up to the campaign’s date and 长效 with milestones', () => {
    expect(spec.given([recorded]).when(planCommand({ kind: 'fixed_term', date: '2023-10-31' })).state()?.dueDate).toBe('2023-10-31');
    const state = spec
      .given([recorded])
      .when(
        planCommand({
          kind: 'long_term',
          milestones: [
            { date: '2023-09-30', description: '完成排查摸底' },
            { date: '2024-06-30', description: '完成全部户厕改造' },
          ],
        }),
      )
      .state();
    expect(state?.dueDate).toBe('2024-06-30');
    expect(state?.originalDeadline?.kind).toBe('long_term');
  });

  it('rejects a plan without a responsible unit, person or deadline', () => {
    spec.given([recorded]).when(planCommand({ kind: 'immediate', date: '2023-08-20' }, { responsibleUnit: ' ' })).thenError('LEDGER_PLAN_INCOMPLETE', { missing: ['responsibleUnit'] });
    spec.given([recorded]).when(planCommand({ kind: 'immediate', date: '2023-08-20' }, { responsiblePerson: '' })).thenError('LEDGER_PLAN_INCOMPLETE', { missing: ['responsiblePerson'] });
    const noDeadline = { ...planCommand({ kind: 'immediate', date: '2023-08-20' }) } as Partial<PlanRectification>;
    delete noDeadline.deadline;
    spec.given([recorded]).when(noDeadline as PlanRectification).thenError('LEDGER_PLAN_INCOMPLETE', { missing: ['deadline'] });
  });

  it.each([
    ['立即整改', 'bare_phrase'],
    ['加强管理，举一反三', 'bare_phrase'],
    ['', 'blank'],
    ['入户核实', 'too_short'],
    [DESCRIPTION, 'copies_problem'],
  ])('rejects the measures %j (%s)', (measures, reason) => {
    spec.given([recorded]).when(planCommand({ kind: 'immediate', date: '2023-08-20' }, { measures })).thenError('LEDGER_MEASURES_NOT_SPECIFIC', { reason });
  });

  it.each<[string, RectificationDeadline, LedgerErrorCode]>([
    ['立行立改 after the campaign’s 立行立改 date', { kind: 'immediate', date: '2023-09-01' }, 'LEDGER_DEADLINE_INVALID'],
    ['限期解决 after the campaign’s 限期解决 date', { kind: 'fixed_term', date: '2023-11-01' }, 'LEDGER_DEADLINE_INVALID'],
    ['长效 without milestones', { kind: 'long_term', milestones: [] }, 'LEDGER_DEADLINE_INVALID'],
    ['长效 with a blank milestone', { kind: 'long_term', milestones: [{ date: '2023-12-31', description: ' ' }] }, 'LEDGER_DEADLINE_INVALID'],
    [
      '长效 with milestones out of order',
      { kind: 'long_term', milestones: [{ date: '2023-12-31', description: '二期' }, { date: '2023-10-31', description: '一期' }] },
      'LEDGER_DEADLINE_INVALID',
    ],
    ['a date before today', { kind: 'immediate', date: '2023-08-02' }, 'LEDGER_DEADLINE_IN_PAST'],
    ['a milestone before today', { kind: 'long_term', milestones: [{ date: '2023-08-01', description: '一期' }] }, 'LEDGER_DEADLINE_IN_PAST'],
    ['not a date', { kind: 'fixed_term', date: '10月底' }, 'LEDGER_INVALID_DATE'],
  ])('rejects %s', (_name, deadline, code) => {
    spec.given([recorded]).when(planCommand(deadline)).thenError(code);
  });

  it('accepts a deadline of today (Asia/Shanghai): 2023-08-03T20:00Z is already the 4th there', () => {
    spec.given([recorded]).when({ ...planCommand({ kind: 'immediate', date: '2023-08-04' }), metadata: asUser(WORKER, '2023-08-03T20:00:00Z') }).events();
    spec.given([recorded]).when({ ...planCommand({ kind: 'immediate', date: '2023-08-03' }), metadata: asUser(WORKER, '2023-08-03T20:00:00Z') }).thenError('LEDGER_DEADLINE_IN_PAST');
  });

  it('rejects planning twice, an unknown entry, another entry’s stream and a tenant out of scope', () => {
    spec.given([recorded, planned]).when(planCommand({ kind: 'immediate', date: '2023-08-20' })).thenError('LEDGER_INVALID_TRANSITION', { status: 'planned' });
    spec.given([]).when(planCommand({ kind: 'immediate', date: '2023-08-20' })).thenError('LEDGER_ENTRY_NOT_FOUND');
    spec.given([recorded]).when(planCommand({ kind: 'immediate', date: '2023-08-20' }, { entryId: 'e2' })).thenError('LEDGER_ID_MISMATCH');
    spec
      .given([recorded])
      .when(planCommand({ kind: 'immediate', date: '2023-08-20' }, { metadata: asUser(WORKER, '2023-08-03T02:00:00Z', { id: 't', path: '411000/411081/411081001' }) }))
      .thenError('LEDGER_TENANT_OUT_OF_SCOPE');
  });
});

describe('ReportProgress', () => {
  const report: ReportProgress = { type: 'ReportProgress', metadata: asUser(WORKER, '2023-08-05T02:00:00Z'), entryId: 'e1', note: ' 已完成3户入户核实 ', evidenceRefs: ['file-1', 'file-1'] };

  it('→ ProgressReported, moving the entry to in_progress', () => {
    spec.given([recorded, planned]).when(report).then([progressed]);
    expect(spec.given([recorded, planned]).when(report).state()?.status).toBe('in_progress');
  });

  it('rejects progress before a plan, a blank note and a blank evidence reference', () => {
    spec.given([recorded]).when(report).thenError('LEDGER_INVALID_TRANSITION', { status: 'recorded' });
    spec.given([recorded, planned]).when({ ...report, note: ' ' }).thenError('LEDGER_INVALID_INPUT');
    spec.given([recorded, planned]).when({ ...report, evidenceRefs: [' '] }).thenError('LEDGER_EVIDENCE_MISSING');
  });
});

describe('SubmitResult', () => {
  const submit: SubmitResult = { type: 'SubmitResult', metadata: atWorker, entryId: 'e1', result: RESULT, evidenceRefs: ['file-2'] };

  it('→ ResultSubmitted, from planned or in progress', () => {
    spec.given([recorded, planned, progressed]).when(submit).then([submitted]);
    spec.given([recorded, planned]).when(submit).then([submitted]);
  });

  it.each(['', '已整改', '已完成。', '整改到位', '已整改，已完成！', '该问题已全部整改到位', '已补发'])('rejects the result %j', (result) => {
    spec.given([recorded, planned]).when({ ...submit, result }).thenError('LEDGER_RESULT_NOT_SPECIFIC');
  });

  it('rejects a result without evidence', () => {
    spec.given([recorded, planned]).when({ ...submit, evidenceRefs: [] }).thenError('LEDGER_EVIDENCE_MISSING');
  });

  it('rejects a result before a plan and a second submission', () => {
    spec.given([recorded]).when(submit).thenError('LEDGER_INVALID_TRANSITION');
    spec.given([recorded, planned, submitted]).when(submit).thenError('LEDGER_INVALID_TRANSITION', { status: 'submitted' });
  });
});

describe('ApproveSignOff / RejectSignOff (销号)', () => {
  it('ApproveSignOff → SignOffApproved', () => {
    spec.given([recorded, planned, submitted]).when({ type: 'ApproveSignOff', metadata: atReviewer, entryId: 'e1' }).then([signedOff]);
  });

  it('rejects a sign-off by the person who submitted the result', () => {
    spec
      .given([recorded, planned, submitted])
      .when({ type: 'ApproveSignOff', metadata: asUser(WORKER, '2023-08-11T02:00:00Z'), entryId: 'e1' })
      .thenError('LEDGER_APPROVER_IS_SUBMITTER');
  });

  it('rejects a sign-off before a result and after one', () => {
    spec.given([recorded, planned]).when({ type: 'ApproveSignOff', metadata: atReviewer, entryId: 'e1' }).thenError('LEDGER_INVALID_TRANSITION');
    spec.given([recorded, planned, submitted, signedOff]).when({ type: 'ApproveSignOff', metadata: atReviewer, entryId: 'e1' }).thenError('LEDGER_INVALID_TRANSITION', { status: 'signed_off' });
  });

  it('RejectSignOff → SignOffRejected, back to work; a new result can then be signed off', () => {
    const reject = { type: 'RejectSignOff', metadata: atReviewer, entryId: 'e1', reason: '缺少补发凭证' } as const;
    spec
      .given([recorded, planned, submitted])
      .when(reject)
      .then([{ type: 'SignOffRejected', schemaVersion: 1, data: { entryId: 'e1', reason: '缺少补发凭证', at: atReviewer.now, by: { userId: REVIEWER } } }]);
    const events = [recorded, planned, submitted, ...spec.given([recorded, planned, submitted]).when(reject).events()];
    const state = events.reduce(evolveLedgerEntry, null);
    expect(state?.status).toBe('in_progress');
    expect(state?.signOffRejections).toHaveLength(1);
    spec.given(events).when({ type: 'SubmitResult', metadata: atWorker, entryId: 'e1', result: RESULT, evidenceRefs: ['file-3'] }).events();
  });

  it('rejects a rejection without a reason or outside review', () => {
    spec.given([recorded, planned, submitted]).when({ type: 'RejectSignOff', metadata: atReviewer, entryId: 'e1', reason: ' ' }).thenError('LEDGER_REASON_REQUIRED');
    spec.given([recorded, planned]).when({ type: 'RejectSignOff', metadata: atReviewer, entryId: 'e1', reason: '缺少凭证' }).thenError('LEDGER_INVALID_TRANSITION');
  });
});

describe('deadline extensions', () => {
  const request = { type: 'RequestDeadlineExtension', metadata: asUser(WORKER, '2023-08-06T02:00:00Z'), entryId: 'e1', requestedDate: '2023-09-15', reason: '补助资金9月初才能到账' } as const;
  const approve = { type: 'ApproveDeadlineExtension', metadata: asUser(REVIEWER, '2023-08-07T02:00:00Z', YUZHOU), entryId: 'e1' } as const;

  it('RequestDeadlineExtension → DeadlineExtensionRequested', () => {
    spec.given([recorded, planned]).when(request).then([extensionRequested]);
  });

  it('ApproveDeadlineExtension → DeadlineExtensionApproved; the original deadline stays visible', () => {
    spec
      .given([recorded, planned, extensionRequested])
      .when({ ...approve, comment: '同意' })
      .then([
        {
          type: 'DeadlineExtensionApproved',
          schemaVersion: 1,
          data: {
            entryId: 'e1',
            previousDueDate: '2023-08-20',
            newDueDate: '2023-09-15',
            originalDeadline: { kind: 'immediate', date: '2023-08-20' },
            comment: '同意',
            at: '2023-08-07T02:00:00Z',
            by: { userId: REVIEWER },
          },
        },
      ]);
    const state = spec.given([recorded, planned, extensionRequested]).when(approve).state();
    expect(state?.dueDate).toBe('2023-09-15');
    expect(state?.originalDeadline).toEqual({ kind: 'immediate', date: '2023-08-20' });
    expect(state?.plan?.deadline).toEqual({ kind: 'immediate', date: '2023-08-20' });
    expect(state?.extensions).toEqual([
      { previousDueDate: '2023-08-20', newDueDate: '2023-09-15', reason: '补助资金9月初才能到账', approvedAt: '2023-08-07T02:00:00Z', approvedBy: { userId: REVIEWER } },
    ]);
    expect(state?.pendingExtension).toBeNull();
  });

  it('RejectDeadlineExtension → DeadlineExtensionRejected; the due date stays', () => {
    const reject = { type: 'RejectDeadlineExtension', metadata: approve.metadata, entryId: 'e1', reason: '资金可先行垫付' } as const;
    spec
      .given([recorded, planned, extensionRequested])
      .when(reject)
      .then([{ type: 'DeadlineExtensionRejected', schemaVersion: 1, data: { entryId: 'e1', requestedDate: '2023-09-15', reason: '资金可先行垫付', at: approve.metadata.now, by: { userId: REVIEWER } } }]);
    expect(spec.given([recorded, planned, extensionRequested]).when(reject).state()?.dueDate).toBe('2023-08-20');
    spec.given([recorded, planned, extensionRequested]).when({ ...reject, reason: '' }).thenError('LEDGER_REASON_REQUIRED');
    spec.given([recorded, planned]).when(reject).thenError('LEDGER_EXTENSION_NOT_PENDING');
  });

  it('rejects invalid requests', () => {
    spec.given([recorded, planned, extensionRequested]).when(request).thenError('LEDGER_EXTENSION_ALREADY_PENDING');
    spec.given([recorded, planned]).when({ ...request, requestedDate: '2023-08-20' }).thenError('LEDGER_EXTENSION_NOT_LATER');
    spec.given([recorded, planned]).when({ ...request, requestedDate: '2023-09-31' }).thenError('LEDGER_INVALID_DATE');
    spec.given([recorded, planned]).when({ ...request, reason: ' ' }).thenError('LEDGER_REASON_REQUIRED');
    spec.given([recorded, plannedLongTerm]).when(request).thenError('LEDGER_EXTENSION_NOT_APPLICABLE');
    spec.given([recorded]).when(request).thenError('LEDGER_INVALID_TRANSITION');
    spec.given([recorded, planned]).when({ ...request, metadata: asUser(WORKER, '2023-08-25T02:00:00Z'), requestedDate: '2023-08-24' }).thenError('LEDGER_DEADLINE_IN_PAST');
  });

  it('rejects approving without a request or by the requester', () => {
    spec.given([recorded, planned]).when(approve).thenError('LEDGER_EXTENSION_NOT_PENDING');
    spec.given([recorded, planned, extensionRequested]).when({ ...approve, metadata: asUser(WORKER) }).thenError('LEDGER_APPROVER_IS_SUBMITTER');
  });
});

describe('Escalate', () => {
  const escalate = { type: 'Escalate', metadata: asUser('system-escalation', '2023-08-24T02:00:00Z', XUCHANG), entryId: 'e1', level: 'county', targetTenant: YUZHOU, reason: '逾期3天' } as const;
  const toCity = { ...escalate, level: 'city', targetTenant: XUCHANG, reason: '逾期10天' } as const;

  it('→ EntryEscalated to the county, then to the city', () => {
    spec.given([recorded, planned]).when(escalate).then([countyEscalation]);
    const [event] = spec.given([recorded, planned, countyEscalation]).when(toCity).events();
    expect(event).toEqual(expect.objectContaining({ type: 'EntryEscalated', data: expect.objectContaining({ level: 'city', targetTenant: XUCHANG }) }));
  });

  it('accepts each level once, with its own code for the repeat (even after sign-off)', () => {
    spec.given([recorded, planned, countyEscalation]).when(escalate).thenError('LEDGER_ESCALATION_ALREADY_RECORDED', { level: 'county' });
    spec.given([recorded, planned, countyEscalation, submitted, signedOff]).when(escalate).thenError('LEDGER_ESCALATION_ALREADY_RECORDED');
  });

  it('rejects the city before the county, targets not above the entry, closed entries and blank reasons', () => {
    spec.given([recorded, planned]).when(toCity).thenError('LEDGER_ESCALATION_OUT_OF_ORDER');
    spec.given([recorded, planned]).when({ ...escalate, targetTenant: CHUHE }).thenError('LEDGER_ESCALATION_TARGET_INVALID');
    spec.given([recorded, planned, countyEscalation]).when({ ...toCity, targetTenant: YUZHOU }).thenError('LEDGER_ESCALATION_TARGET_INVALID');
    spec.given([recorded, planned, submitted, signedOff]).when(escalate).thenError('LEDGER_INVALID_TRANSITION');
    spec.given([recorded, planned]).when({ ...escalate, reason: '' }).thenError('LEDGER_REASON_REQUIRED');
    spec.given([recorded, planned]).when({ ...escalate, level: 'province' as 'county' }).thenError('LEDGER_INVALID_INPUT');
  });
});

describe('VoidEntry', () => {
  const voidIt = { type: 'VoidEntry', metadata: asUser(REVIEWER, '2023-08-04T02:00:00Z'), entryId: 'e1', reason: '重复登记，与e0为同一问题' } as const;

  it('→ EntryVoided; the entry stays, marked void', () => {
    spec
      .given([recorded, planned])
      .when(voidIt)
      .then([{ type: 'EntryVoided', schemaVersion: 1, data: { entryId: 'e1', reason: '重复登记，与e0为同一问题', statusBefore: 'planned', at: voidIt.metadata.now, by: { userId: REVIEWER } } }]);
    const state = spec.given([recorded, planned]).when(voidIt).state();
    expect(state?.status).toBe('voided');
    expect(state?.description).toBe(DESCRIPTION);
  });

  it('rejects voiding without a reason, a signed-off entry and a voided one', () => {
    spec.given([recorded]).when({ ...voidIt, reason: '' }).thenError('LEDGER_REASON_REQUIRED');
    spec.given([recorded, planned, submitted, signedOff]).when(voidIt).thenError('LEDGER_INVALID_TRANSITION');
    const voided = spec.given([recorded]).when(voidIt).events();
    spec.given([recorded, ...voided]).when(voidIt).thenError('LEDGER_INVALID_TRANSITION', { status: 'voided' });
    spec.given([recorded, ...voided]).when(planCommand({ kind: 'immediate', date: '2023-08-20' })).thenError('LEDGER_INVALID_TRANSITION');
  });
});

describe('overdue (Asia/Shanghai calendar days)', () => {
  it('is overdue from the day after the due date until signed off', () => {
    const state = [recorded, planned].reduce(evolveLedgerEntry, null);
    if (state === null) throw new Error('no entry');
    expect(isEntryOverdue(state, '2023-08-20T15:59:59Z')).toBe(false);
    expect(isEntryOverdue(state, '2023-08-20T16:00:00Z')).toBe(true);
    const done = [submitted, signedOff].reduce(evolveLedgerEntry, state);
    if (done === null) throw new Error('no entry');
    expect(isEntryOverdue(done, '2023-12-01T00:00:00Z')).toBe(false);
  });
});

describe('evolveLedgerEntry', () => {
  it('refuses events that do not fit the state', () => {
    expect(() => evolveLedgerEntry(null, planned)).toThrow(expect.objectContaining({ code: 'LEDGER_STREAM_CORRUPT' }));
    expect(() => evolveLedgerEntry(evolveLedgerEntry(null, recorded), recorded)).toThrow(expect.objectContaining({ code: 'LEDGER_STREAM_CORRUPT' }));
  });
});
