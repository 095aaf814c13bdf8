import * as api from './index';

describe('@rectify/ledger-domain public API', () => {
  it('exports the deciders, the pure helpers and the error codes', () => {
    for (const name of [
      'decideCampaign', 'evolveCampaign', 'forwardingFollowUps', 'decideChecklist', 'evolveChecklist', 'applyOverlay',
      'diffChecklists', 'decideInspection', 'evolveInspection', 'inspectionCoverage', 'uncheckedCells',
      'decideLedgerEntry', 'evolveLedgerEntry', 'checkResultText', 'checkMeasuresText', 'shanghaiDateOf', 'fold',
    ] as const) {
      expect(typeof api[name]).toBe('function');
    }
    expect(api.streamIds.entry('e1')).toBe('entry-e1');
    expect(api.LEDGER_ERROR_CODES).toEqual(expect.arrayContaining(['LEDGER_RESULT_NOT_SPECIFIC', 'LEDGER_INVALID_TRANSITION']));
    expect(Object.values(api.EVENT_SCHEMA_VERSIONS).every((v) => v === 1)).toBe(true);
  });
});
