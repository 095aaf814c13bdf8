import type { ReportFile, ReportFileFormat } from '@rectify/ledger-domain';
import { generationsOf, nextGenerationOf } from './report-generations';

function file(fileId: string, format: ReportFileFormat, fileVersion: number): ReportFile {
  return { fileId, fileVersion, format, sizeBytes: 10, checksum: { algorithm: 'sm3', value: '0'.repeat(64) }, recordedAt: '2023-08-24T02:00:00Z', recordedBy: { userId: 'w', name: 'w', role: '' } };
}

const ids = (report: Parameters<typeof generationsOf>[0]): [number, string[], boolean, string | null][] =>
  generationsOf(report).map((g) => [g.generation, g.files.map((f) => f.fileId), g.complete, g.mainFile?.fileId ?? null]);

describe('report generations', () => {
  it('a ledger generation is one file', () => {
    const report = { kind: 'ledger' as const, files: [file('a', 'xlsx', 1), file('b', 'xlsx', 2)] };
    expect(ids(report)).toEqual([
      [1, ['a'], true, 'a'],
      [2, ['b'], true, 'b'],
    ]);
    expect(nextGenerationOf(report)).toBe(3);
    expect(nextGenerationOf({ kind: 'ledger', files: [] })).toBe(1);
  });

  it('a work report generation is an .xlsx then a .docx; a partial one is retried, not skipped', () => {
    const complete = { kind: 'work' as const, files: [file('x1', 'xlsx', 1), file('d1', 'docx', 2)] };
    expect(ids(complete)).toEqual([[1, ['x1', 'd1'], true, 'd1']]);
    expect(nextGenerationOf(complete)).toBe(2);

    const partial = { kind: 'work' as const, files: [...complete.files, file('x2', 'xlsx', 3)] };
    expect(ids(partial)).toEqual([
      [1, ['x1', 'd1'], true, 'd1'],
      [2, ['x2'], false, null],
    ]);
    expect(nextGenerationOf(partial)).toBe(2);

    const finished = { kind: 'work' as const, files: [...partial.files, file('d2', 'docx', 4)] };
    expect(ids(finished)[1]).toEqual([2, ['x2', 'd2'], true, 'd2']);
    expect(nextGenerationOf(finished)).toBe(3);
    expect(nextGenerationOf({ kind: 'work', files: [] })).toBe(1);
  });
});
