import { seededRandom } from '@rectify/shared-testing';
import { contributionsOf, diffContributions, forEachContributionDelta, type RollupFacts } from './rollup-contributions';

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

  it('forEachContributionDelta gives exactly the deltas of diffContributions (random pairs of facts)', () => {
    const random = seededRandom(5);
    const statuses = ['recorded', 'planned', 'in_progress', 'submitted', 'signed_off', 'voided'] as const;
    const facts = (): RollupFacts => ({
      status: random.pick(statuses),
      itemNo: 1 + random.int(3),
      subAreaNo: random.next() < 0.2 ? null : 1 + random.int(2),
      categoryNo: random.next() < 0.2 ? null : 1 + random.int(2),
      deadlineClass: random.pick([null, 'immediate', 'fixed_term', 'long_term'] as const),
      dueDate: random.pick([null, '2023-08-31', '2023-10-31']),
      isRecurrence: random.next() < 0.3,
      escalationLevel: random.pick([null, 'county', 'city'] as const),
      openedOn: random.pick(['2023-08-01', '2023-08-02']),
      closedOn: random.pick([null, '2023-08-20']),
    });
    for (let i = 0; i < 500; i++) {
      const before = random.next() < 0.2 ? null : facts();
      const after = facts();
      const seen: { dimension: string; key: string; delta: number }[] = [];
      forEachContributionDelta(contributionsOf(before), contributionsOf(after), (k, delta) => {
        const [dimension, key] = k.split('\u0000');
        seen.push({ dimension, key, delta });
      });
      const sorted = seen.sort((x, y) => (`${x.dimension}\u0000${x.key}` < `${y.dimension}\u0000${y.key}` ? -1 : 1));
      expect(sorted).toEqual(diffContributions(before, after));
    }
  });
});
