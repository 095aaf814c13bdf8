import { diffContributions, type RollupFacts } from './rollup-contributions';

const recorded: RollupFacts = {
  status: 'recorded',
  itemNo: 5,
  subAreaNo: 4,
  categoryNo: 2,
  deadlineClass: null,
  dueDate: null,
  isRecurrence: false,
  escalationLevel: null,
  openedOn: '2023-08-02',
  closedOn: null,
};

describe('roll-up contributions', () => {
  it('counts a new entry as open in every dimension it has', () => {
    const deltas = diffContributions(null, recorded);
    expect(deltas).toEqual(
      expect.arrayContaining([
        { dimension: 'entries', key: '', delta: 1 },
        { dimension: 'open', key: '', delta: 1 },
        { dimension: 'status', key: 'recorded', delta: 1 },
        { dimension: 'item', key: '5', delta: 1 },
        { dimension: 'item_open', key: '5', delta: 1 },
        { dimension: 'sub_area', key: '4', delta: 1 },
        { dimension: 'category_open', key: '2', delta: 1 },
        { dimension: 'opened_on', key: '2023-08-02', delta: 1 },
      ]),
    );
    expect(deltas.find((d) => d.dimension === 'closed')).toBeUndefined();
  });

  it('moves a plan and a sign-off between counters without touching the rest', () => {
    const planned: RollupFacts = { ...recorded, status: 'planned', deadlineClass: 'immediate', dueDate: '2023-08-31' };
    expect(diffContributions(recorded, planned)).toEqual([
      { dimension: 'deadline_class', key: 'immediate', delta: 1 },
      { dimension: 'open_due', key: '2023-08-31', delta: 1 },
      { dimension: 'status', key: 'planned', delta: 1 },
      { dimension: 'status', key: 'recorded', delta: -1 },
    ]);
    const signedOff: RollupFacts = { ...planned, status: 'signed_off', closedOn: '2023-08-20' };
    expect(diffContributions(planned, signedOff)).toEqual([
      { dimension: 'category_open', key: '2', delta: -1 },
      { dimension: 'closed', key: '', delta: 1 },
      { dimension: 'closed_on', key: '2023-08-20', delta: 1 },
      { dimension: 'item_open', key: '5', delta: -1 },
      { dimension: 'open', key: '', delta: -1 },
      { dimension: 'open_due', key: '2023-08-31', delta: -1 },
      { dimension: 'status', key: 'signed_off', delta: 1 },
      { dimension: 'status', key: 'planned', delta: -1 },
      { dimension: 'sub_area_open', key: '4', delta: -1 },
    ].sort((x, y) => `${x.dimension}\u0000${x.key}`.localeCompare(`${y.dimension}\u0000${y.key}`)));
  });

  it('drops a voided entry from every count but its status and the days it was open', () => {
    const voided: RollupFacts = { ...recorded, status: 'voided', closedOn: '2023-08-03' };
    const total = diffContributions(null, voided);
    expect(total.map((d) => d.dimension).sort()).toEqual(['closed_on', 'opened_on', 'status']);
  });
});
