import { commandFingerprint } from './mutation-executor.service';

class ReportProgressInput {
  idempotencyKey = 'k-1';
  expectedVersion: number | null = 3;
  waitForProjection = true;
  entryId = 'e-1';
  note = '施工队已进场';
  at = new Date('2023-08-10T02:00:00Z');
}

describe('commandFingerprint', () => {
  it('is the same for a retry: the retry fields, key order and class-instance form do not count', () => {
    const input = new ReportProgressInput();
    const plain = { at: '2023-08-10T02:00:00.000Z', note: '施工队已进场', entryId: 'e-1', idempotencyKey: 'k-2', waitForProjection: false };
    expect(commandFingerprint(input)).toBe(commandFingerprint(plain));
    expect(commandFingerprint(input)).toMatch(/^[0-9a-f]{32}$/);
  });

  it('differs when anything the client asked for differs', () => {
    const input = new ReportProgressInput();
    expect(commandFingerprint({ ...input, note: '换了内容' })).not.toBe(commandFingerprint(input));
    expect(commandFingerprint({ ...input, entryId: 'e-2' })).not.toBe(commandFingerprint(input));
    expect(commandFingerprint({ ...input, extra: null })).not.toBe(commandFingerprint(input));
  });

  it('fingerprints any input without judging it: a lone surrogate is left for the domain to refuse', () => {
    expect(commandFingerprint({ entryId: 'x\udc00y', reason: '\u0000' })).toMatch(/^[0-9a-f]{32}$/);
    expect(commandFingerprint({ entryId: 'x\udc00y' })).not.toBe(commandFingerprint({ entryId: 'x\udc01y' }));
  });
});
