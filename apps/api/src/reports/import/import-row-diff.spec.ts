import type { LedgerEntry } from '@rectify/ledger-domain';
import type { ImportRow } from '@rectify/reports';
import { changedColumns } from './import-row-diff';

const actor = { userId: 'u', name: 'u', role: '' };
const row: ImportRow = {
  sheet: '褚河街道',
  row: 3,
  rowKey: 'k',
  itemNo: 5,
  categoryName: null,
  subAreaName: null,
  responsibleUnit: '街道教育办',
  problem: '2名在园幼儿未享受生活费补助',
  measures: '逐户核实并补发生活费补助',
  deadline: { kind: 'immediate', date: '2023-08-31' },
  extendedTo: null,
  result: null,
  signedOff: false,
};

function entryOf(overrides: Partial<LedgerEntry> = {}): LedgerEntry {
  const plan = { measures: row.measures, responsibleUnit: row.responsibleUnit, responsiblePerson: row.responsibleUnit, deadline: row.deadline, plannedAt: '2023-08-02T02:00:00Z', plannedBy: actor };
  return {
    entryId: 'e',
    campaignId: 'c',
    tenant: { id: 't', path: '411000/411081/411081005' },
    villageCode: '411081005001',
    itemNo: 5,
    description: row.problem,
    foundBy: 'u',
    foundAt: '2023-08-01T00:00:00Z',
    recordedAt: '2023-08-01T00:00:00Z',
    recordedBy: actor,
    campaignDeadlines: { immediate: '2023-08-31', fixedTerm: '2023-10-31' },
    recurrence: null,
    status: 'planned',
    plan,
    originalDeadline: row.deadline,
    dueDate: '2023-08-31',
    pendingExtension: null,
    extensions: [],
    progress: [],
    result: null,
    signOffRejections: [],
    signOff: null,
    escalations: [],
    voided: null,
    ...overrides,
  };
}

describe('changedColumns', () => {
  it('is empty for the row the entry was made of', () => {
    expect(changedColumns(row, entryOf())).toEqual([]);
    expect(changedColumns({ ...row, measures: ` ${row.measures} ` }, entryOf())).toEqual([]);
  });

  it('names each column that differs', () => {
    expect(changedColumns({ ...row, measures: '另行整改：逐户核实补发', deadline: { kind: 'fixed_term', date: '2023-10-31' } }, entryOf())).toEqual(['整改措施', '整改时限']);
    expect(changedColumns({ ...row, signedOff: true, result: '已补发生活费补助共1200元' }, entryOf())).toEqual(['整改结果', '是否销号']);
    expect(changedColumns(row, entryOf({ status: 'signed_off', result: { text: '已补发', evidenceRefs: [], submittedAt: '', submittedBy: actor } }))).toEqual(['是否销号']);
    expect(changedColumns({ ...row, responsibleUnit: '街道民政办' }, entryOf({ plan: null, originalDeadline: null }))).toEqual(['责任单位', '整改措施', '整改时限']);
  });
});
