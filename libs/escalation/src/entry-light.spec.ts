import { type LedgerEntry } from '@rectify/ledger-domain';
import { computeEntryLight } from './entry-light';
import { type EntryLightSnapshot, snapshotOfEntry } from './entry-snapshot';
import { DEFAULT_ESCALATION_POLICY, EscalationError, resolveEscalationPolicy } from './escalation-policy';

function snapshot(overrides: Partial<EntryLightSnapshot> = {}): EntryLightSnapshot {
  return {
    status: 'in_progress',
    recordedOn: '2023-08-01',
    plannedOn: '2023-08-02',
    originalDueDate: '2023-08-31',
    approvedExtensionDueDate: null,
    pendingExtension: null,
    lastProgressOn: '2023-08-20',
    escalations: [],
    milestones: [],
    ...overrides,
  };
}

describe('computeEntryLight: one entry walked from green to the city', () => {
  // Due 2023-08-31 (限期), last progress 08-20, default policy (3 / 7 / 3 / 14 / 7).
  const county = [{ level: 'county' as const, on: '2023-09-03' }];
  const both = [...county, { level: 'city' as const, on: '2023-09-10' }];
  it.each`
    today           | escalations | light       | code               | daysOverdue | due
    ${'2023-08-20'} | ${[]}       | ${'green'}  | ${'ON_TRACK'}      | ${0}        | ${[]}
    ${'2023-08-26'} | ${[]}       | ${'green'}  | ${'ON_TRACK'}      | ${0}        | ${[]}
    ${'2023-08-27'} | ${[]}       | ${'yellow'} | ${'NO_PROGRESS'}   | ${0}        | ${[]}
    ${'2023-08-28'} | ${[]}       | ${'yellow'} | ${'DEADLINE_NEAR'} | ${0}        | ${[]}
    ${'2023-08-31'} | ${[]}       | ${'yellow'} | ${'DEADLINE_NEAR'} | ${0}        | ${[]}
    ${'2023-09-01'} | ${[]}       | ${'red'}    | ${'OVERDUE'}       | ${1}        | ${[]}
    ${'2023-09-02'} | ${[]}       | ${'red'}    | ${'OVERDUE'}       | ${2}        | ${[]}
    ${'2023-09-03'} | ${[]}       | ${'red'}    | ${'OVERDUE'}       | ${3}        | ${['county']}
    ${'2023-09-03'} | ${county}   | ${'red'}    | ${'OVERDUE'}       | ${3}        | ${[]}
    ${'2023-09-09'} | ${county}   | ${'red'}    | ${'OVERDUE'}       | ${9}        | ${[]}
    ${'2023-09-10'} | ${county}   | ${'red'}    | ${'OVERDUE'}       | ${10}       | ${['city']}
    ${'2023-09-10'} | ${both}     | ${'red'}    | ${'OVERDUE'}       | ${10}       | ${[]}
    ${'2023-10-30'} | ${both}     | ${'red'}    | ${'OVERDUE'}       | ${60}       | ${[]}
  `('on $today with $escalations.length escalation(s): $light ($code), due $due', ({ today, escalations, light, code, daysOverdue, due }) => {
    const result = computeEntryLight(snapshot({ escalations }), today);
    expect(result).toMatchObject({ light, daysOverdue, escalationsDue: due, dueEffective: '2023-08-31' });
    expect(result.reason.code).toBe(code);
    expect(result.escalationReason === null).toBe(due.length === 0);
  });

  it('gives the Escalate command a Chinese reason', () => {
    expect(computeEntryLight(snapshot(), '2023-09-03').escalationReason).toBe('逾期3天');
    expect(computeEntryLight(snapshot({ escalations: county }), '2023-09-10').escalationReason).toBe('县级督办7天后仍未销号，已逾期10天');
  });
});

describe('computeEntryLight: no progress', () => {
  // Recorded 08-01, never planned, nothing since.
  const idle = snapshot({ status: 'recorded', plannedOn: null, originalDueDate: null, lastProgressOn: null });
  it.each`
    today           | escalations                               | light       | code             | due
    ${'2023-08-07'} | ${[]}                                     | ${'green'}  | ${'ON_TRACK'}    | ${[]}
    ${'2023-08-08'} | ${[]}                                     | ${'yellow'} | ${'NO_PROGRESS'} | ${[]}
    ${'2023-08-15'} | ${[]}                                     | ${'yellow'} | ${'NO_PROGRESS'} | ${['county']}
    ${'2023-08-21'} | ${[{ level: 'county', on: '2023-08-15' }]} | ${'yellow'} | ${'NO_PROGRESS'} | ${[]}
    ${'2023-08-22'} | ${[{ level: 'county', on: '2023-08-15' }]} | ${'yellow'} | ${'NO_PROGRESS'} | ${['city']}
  `('on $today: $light, due $due', ({ today, escalations, light, code, due }) => {
    const result = computeEntryLight({ ...idle, escalations }, today);
    expect(result).toMatchObject({ light, escalationsDue: due, dueEffective: null, daysOverdue: 0 });
    expect(result.reason.code).toBe(code);
  });

  it('does not go to the city when progress resumed after the county escalation and the entry is not overdue', () => {
    const resumed = { ...idle, lastProgressOn: '2023-08-16', escalations: [{ level: 'county' as const, on: '2023-08-15' }] };
    expect(computeEntryLight(resumed, '2023-08-22')).toMatchObject({ light: 'green', escalationsDue: [] });
  });

  it('counts the plan and a submitted result as activity', () => {
    expect(computeEntryLight(snapshot({ originalDueDate: '2023-10-31', lastProgressOn: null, plannedOn: '2023-08-05' }), '2023-08-11').light).toBe('green');
    expect(computeEntryLight(snapshot({ originalDueDate: '2023-10-31', lastProgressOn: null, plannedOn: '2023-08-05' }), '2023-08-12').light).toBe('yellow');
  });
});

describe('computeEntryLight: edge cases', () => {
  it('is yellow on the deadline day itself even with no warning days, and red the next day', () => {
    const policy = resolveEscalationPolicy({ yellowDaysBeforeDeadline: 0 });
    expect(computeEntryLight(snapshot({ lastProgressOn: '2023-08-30' }), '2023-08-30', policy).light).toBe('green');
    expect(computeEntryLight(snapshot({ lastProgressOn: '2023-08-30' }), '2023-08-31', policy)).toMatchObject({
      light: 'yellow',
      reason: { code: 'DEADLINE_NEAR', message: '今天（2023-08-31）到期，尚未销号' },
    });
    expect(computeEntryLight(snapshot({ lastProgressOn: '2023-08-30' }), '2023-09-01', policy).light).toBe('red');
  });

  it('uses the approved extension date, not the original one', () => {
    const extended = snapshot({ approvedExtensionDueDate: '2023-09-15', lastProgressOn: '2023-09-01' });
    expect(computeEntryLight(extended, '2023-09-05')).toMatchObject({ light: 'green', dueEffective: '2023-09-15', daysOverdue: 0, escalationsDue: [] });
    expect(computeEntryLight(extended, '2023-09-12')).toMatchObject({ light: 'yellow', daysOverdue: 0 });
    expect(computeEntryLight(extended, '2023-09-18')).toMatchObject({ light: 'red', daysOverdue: 3, escalationsDue: ['county'] });
  });

  it('pauses escalation while an extension request is pending, but still shows the light', () => {
    const pending = snapshot({ pendingExtension: { requestedDate: '2023-09-30', requestedOn: '2023-09-02' } });
    expect(computeEntryLight(pending, '2023-09-05')).toMatchObject({
      light: 'red',
      daysOverdue: 5,
      escalationPaused: true,
      escalationsDue: [],
      escalationReason: null,
    });
    expect(computeEntryLight({ ...pending, pendingExtension: null }, '2023-09-05').escalationsDue).toEqual(['county']);
  });

  it('never lights a signed-off or voided entry, even after it was red and escalated', () => {
    const escalations = [{ level: 'county' as const, on: '2023-09-03' }];
    for (const status of ['signed_off', 'voided'] as const) {
      const result = computeEntryLight(snapshot({ status, escalations }), '2023-12-31');
      expect(result).toMatchObject({ light: 'none', daysOverdue: 0, escalationsDue: [] });
    }
    expect(computeEntryLight(snapshot({ status: 'signed_off' }), '2023-12-31').reason.code).toBe('SIGNED_OFF');
  });

  it('keeps a submitted entry red until it is signed off', () => {
    expect(computeEntryLight(snapshot({ status: 'submitted', lastProgressOn: '2023-08-30' }), '2023-09-01').light).toBe('red');
  });

  it('lights a long-term plan yellow when a passed milestone saw no progress', () => {
    const policy = resolveEscalationPolicy({ noProgressYellowDays: 120, escalateToCountyAfterNoProgressDays: 150 });
    const milestones = [
      { date: '2023-09-30', description: '完成摸排' },
      { date: '2023-10-31', description: '完成改造' },
      { date: '2023-12-31', description: '全部验收' },
    ];
    const longTerm = snapshot({ originalDueDate: '2023-12-31', milestones, lastProgressOn: null });
    expect(computeEntryLight(longTerm, '2023-09-30', policy).light).toBe('green');
    expect(computeEntryLight(longTerm, '2023-10-01', policy)).toMatchObject({ light: 'yellow', reason: { code: 'MILESTONE_WITHOUT_PROGRESS' } });
    expect(computeEntryLight({ ...longTerm, lastProgressOn: '2023-09-20' }, '2023-10-01', policy).light).toBe('green');
    expect(computeEntryLight({ ...longTerm, lastProgressOn: '2023-09-20' }, '2023-11-01', policy).light).toBe('yellow');
    expect(computeEntryLight({ ...longTerm, lastProgressOn: '2023-10-15' }, '2023-11-01', policy).light).toBe('green');
    expect(computeEntryLight({ ...longTerm, lastProgressOn: '2023-12-01' }, '2024-01-01', policy)).toMatchObject({ light: 'red', daysOverdue: 1 });
  });

  it('rejects a today that is not a calendar date', () => {
    expect(() => computeEntryLight(snapshot(), '2023-02-30')).toThrow(EscalationError);
    expect(() => computeEntryLight(snapshot(), '2023-09-01T00:00:00Z')).toThrow(expect.objectContaining({ code: 'ESCALATION_INVALID_DATE' }));
  });
});

describe('snapshotOfEntry', () => {
  const actor = { userId: 'u1' };
  const entry: LedgerEntry = {
    entryId: 'e1',
    campaignId: 'c1',
    tenant: { id: 't1', path: '411000/411081/411081005' },
    villageCode: '411081005201',
    itemNo: 21,
    description: '3户脱贫户自来水水压不足',
    foundBy: '张三',
    foundAt: '2023-07-31T16:30:00Z',
    recordedAt: '2023-07-31T16:30:00Z',
    recordedBy: actor,
    campaignDeadlines: { immediate: '2023-08-31', fixedTerm: '2023-10-31' },
    recurrence: null,
    status: 'in_progress',
    plan: {
      measures: '更换老化管道并加装增压泵',
      responsibleUnit: '市水利局',
      responsiblePerson: '李四',
      deadline: { kind: 'fixed_term', date: '2023-09-30' },
      plannedAt: '2023-08-02T02:00:00Z',
      plannedBy: actor,
    },
    originalDeadline: { kind: 'fixed_term', date: '2023-09-30' },
    dueDate: '2023-10-20',
    pendingExtension: null,
    extensions: [{ previousDueDate: '2023-09-30', newDueDate: '2023-10-20', reason: '管材到货延迟', approvedAt: '2023-09-20T01:00:00Z', approvedBy: actor }],
    progress: [{ note: '已采购管材', evidenceRefs: [], at: '2023-09-25T17:00:00Z', by: actor }],
    result: null,
    signOffRejections: [],
    signOff: null,
    escalations: [{ level: 'county', targetTenant: { id: 't0', path: '411000/411081' }, reason: '逾期3天', at: '2023-10-23T01:00:00Z' }],
    voided: null,
  };

  it('turns instants into Shanghai dates and keeps original and extended due dates apart', () => {
    expect(snapshotOfEntry(entry)).toEqual({
      status: 'in_progress',
      recordedOn: '2023-08-01',
      plannedOn: '2023-08-02',
      originalDueDate: '2023-09-30',
      approvedExtensionDueDate: '2023-10-20',
      pendingExtension: null,
      lastProgressOn: '2023-09-26',
      escalations: [{ level: 'county', on: '2023-10-23' }],
      milestones: [],
    });
    expect(computeEntryLight(snapshotOfEntry(entry), '2023-10-23', DEFAULT_ESCALATION_POLICY)).toMatchObject({
      light: 'red',
      dueEffective: '2023-10-20',
      daysOverdue: 3,
      escalationsDue: [],
    });
  });
});
