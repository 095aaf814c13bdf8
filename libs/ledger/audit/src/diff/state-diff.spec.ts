import { diffStates } from './state-diff';

describe('diffStates', () => {
  it('lists the non-null top-level fields of a first state', () => {
    expect(diffStates(null, { status: 'recorded', itemNo: 5, plan: null })).toEqual([
      { path: 'itemNo', from: null, to: 5 },
      { path: 'status', from: null, to: 'recorded' },
    ]);
  });

  it('names nested fields and array items by path', () => {
    const before = { status: 'planned', plan: { deadline: { kind: 'immediate', date: '2023-08-20' } }, progress: [] as unknown[] };
    const after = {
      status: 'in_progress',
      plan: { deadline: { kind: 'immediate', date: '2023-08-25' } },
      progress: [{ note: '已入户核实', at: '2023-08-12T02:00:00Z' }],
    };
    expect(diffStates(before, after)).toEqual([
      { path: 'plan.deadline.date', from: '2023-08-20', to: '2023-08-25' },
      { path: 'progress[0]', from: null, to: { note: '已入户核实', at: '2023-08-12T02:00:00Z' } },
      { path: 'status', from: 'planned', to: 'in_progress' },
    ]);
  });

  it('reports a value replaced by an object as one change, and nothing for equal states', () => {
    expect(diffStates({ plan: null }, { plan: { measures: '补发' } })).toEqual([{ path: 'plan', from: null, to: { measures: '补发' } }]);
    expect(diffStates({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toEqual([]);
  });

  it('treats an absent field like null', () => {
    expect(diffStates({ a: 1 }, { a: 1, b: null })).toEqual([]);
    expect(diffStates({ a: 1, b: 2 }, { a: 1 })).toEqual([{ path: 'b', from: 2, to: null }]);
  });
});
