import { CHUHE, VILLAGE, meta } from '../testing/fixtures';
import { deciderSpec } from '../testing/decider-spec';
import { checkedCellsOf, inspectionCoverage, uncheckedCells } from './inspection-coverage';
import {
  type InspectionEvent,
  type RecordVillageCheck,
  decideInspection,
  evolveInspection,
  initialVillageInspectionState,
} from './village-inspection';

const spec = deciderSpec({ decide: decideInspection, evolve: evolveInspection, initial: initialVillageInspectionState });
const m = meta({ now: '2023-08-02T02:00:00Z', actor: { userId: 'user-inspector' } });

const check = (itemNo: number, outcome: RecordVillageCheck['outcome']): RecordVillageCheck => ({
  type: 'RecordVillageCheck',
  metadata: m,
  campaignId: 'c-chuhe',
  villageCode: VILLAGE,
  itemNo,
  outcome,
});

const checked = (itemNo: number, outcome: RecordVillageCheck['outcome']): InspectionEvent => ({
  type: 'VillageItemChecked',
  schemaVersion: 1,
  data: {
    campaignId: 'c-chuhe',
    villageCode: VILLAGE,
    itemNo,
    outcome,
    note: null,
    tenant: CHUHE,
    at: m.now,
    by: { userId: 'user-inspector' },
  },
});

describe('RecordVillageCheck', () => {
  it('→ VillageItemChecked with "no problem found"', () => {
    spec.given([]).when(check(4, { kind: 'no_problem' })).then([checked(4, { kind: 'no_problem' })]);
  });

  it('→ VillageItemChecked with the entries of the problems found', () => {
    spec.given([]).when(check(5, { kind: 'problems_found', entryIds: ['e1', 'e2'] })).then([checked(5, { kind: 'problems_found', entryIds: ['e1', 'e2'] })]);
  });

  it('records problems found later in a cell checked before (举一反三)', () => {
    const state = spec.given([checked(5, { kind: 'no_problem' })]).when(check(5, { kind: 'problems_found', entryIds: ['e3'] })).state();
    expect(state?.cells).toEqual([{ itemNo: 5, checks: 2, problemEntryIds: ['e3'], firstCheckedAt: m.now, lastCheckedAt: m.now }]);
  });

  it('rejects a second "no problem" for a checked cell', () => {
    spec.given([checked(5, { kind: 'problems_found', entryIds: ['e1'] })]).when(check(5, { kind: 'no_problem' })).thenError('LEDGER_INSPECTION_CELL_ALREADY_CHECKED');
  });

  it('rejects an entry already linked to the cell', () => {
    spec
      .given([checked(5, { kind: 'problems_found', entryIds: ['e1'] })])
      .when(check(5, { kind: 'problems_found', entryIds: ['e1', 'e2'] }))
      .thenError('LEDGER_INSPECTION_ENTRY_ALREADY_LINKED', { entryIds: ['e1'] });
  });

  it('rejects invalid input', () => {
    spec.given([]).when(check(0, { kind: 'no_problem' })).thenError('LEDGER_INVALID_INPUT');
    spec.given([]).when(check(5, { kind: 'problems_found', entryIds: [] })).thenError('LEDGER_INVALID_INPUT');
    spec.given([]).when(check(5, { kind: 'problems_found', entryIds: ['e1', 'e1'] })).thenError('LEDGER_INVALID_INPUT');
    spec.given([]).when(check(5, { kind: 'problems_found', entryIds: [' '] })).thenError('LEDGER_INVALID_ID');
    spec.given([]).when({ ...check(5, { kind: 'no_problem' }), villageCode: '' }).thenError('LEDGER_INVALID_ID');
    spec.given([]).when({ ...check(5, { kind: 'no_problem' }), metadata: { ...m, now: 'yesterday' } }).thenError('LEDGER_INVALID_METADATA');
  });

  it('rejects a command for another village or campaign than the stream’s', () => {
    spec.given([checked(4, { kind: 'no_problem' })]).when({ ...check(5, { kind: 'no_problem' }), villageCode: '411081005202' }).thenError('LEDGER_ID_MISMATCH');
  });
});

describe('inspection coverage (逐村逐项)', () => {
  it('lists the unchecked village × item cells', () => {
    const state = [checked(1, { kind: 'no_problem' }), checked(5, { kind: 'problems_found', entryIds: ['e1'] })].reduce(evolveInspection, null);
    const coverage = inspectionCoverage({
      itemNos: [1, 4, 5],
      villageCodes: [VILLAGE, '411081005202'],
      checked: checkedCellsOf(state ? [state] : []),
    });
    expect(coverage).toEqual({
      total: 6,
      checked: 2,
      unchecked: [
        { villageCode: VILLAGE, itemNo: 4 },
        { villageCode: '411081005202', itemNo: 1 },
        { villageCode: '411081005202', itemNo: 4 },
        { villageCode: '411081005202', itemNo: 5 },
      ],
    });
  });

  it('ignores checks outside the grid and duplicates', () => {
    expect(
      uncheckedCells({
        itemNos: [1, 1, 2],
        villageCodes: ['v1'],
        checked: [
          { villageCode: 'v1', itemNo: 1 },
          { villageCode: 'v1', itemNo: 1 },
          { villageCode: 'v9', itemNo: 2 },
          { villageCode: 'v1', itemNo: 99 },
        ],
      }),
    ).toEqual([{ villageCode: 'v1', itemNo: 2 }]);
  });

  it('covers a township grid (37 villages × 72 items) in one pass', () => {
    const villages = Array.from({ length: 37 }, (_, i) => `411081005${String(200 + i)}`);
    const items = Array.from({ length: 72 }, (_, i) => i + 1);
    const all = villages.flatMap((villageCode) => items.map((itemNo) => ({ villageCode, itemNo })));
    const coverage = inspectionCoverage({ itemNos: items, villageCodes: villages, checked: all.slice(1) });
    expect(coverage.total).toBe(2664);
    expect(coverage.checked).toBe(2663);
    expect(coverage.unchecked).toEqual([all[0]]);
  });
});
