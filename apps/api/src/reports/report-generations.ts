import type { Report, ReportFile } from '@rectify/ledger-domain';

/**
 * The files of one generation (one run of the worker's file job): a ledger generation is one
 * .xlsx; a work report generation is an .xlsx then a .docx, recorded in that order, and it is
 * complete once its .docx is recorded (a job that failed between the two leaves a partial one,
 * which the same generation's retry completes).
 */
export interface ReportGeneration {
  readonly generation: number;
  readonly files: readonly ReportFile[];
  readonly complete: boolean;
  /** The file that stands for the generation: the ledger's .xlsx, the work report's printable .docx. */
  readonly mainFile: ReportFile | null;
}

export function generationsOf(report: Pick<Report, 'kind' | 'files'>): ReportGeneration[] {
  if (report.kind === 'ledger') return report.files.map((file, i) => ({ generation: i + 1, files: [file], complete: true, mainFile: file }));
  const generations: ReportGeneration[] = [];
  let pending: ReportFile[] = [];
  for (const file of report.files) {
    pending.push(file);
    if (file.format === 'docx') {
      generations.push({ generation: generations.length + 1, files: pending, complete: true, mainFile: file });
      pending = [];
    }
  }
  if (pending.length > 0) generations.push({ generation: generations.length + 1, files: pending, complete: false, mainFile: null });
  return generations;
}

/** The generation a new file job builds: after the last complete one (a partial one is finished by its own retry). */
export function nextGenerationOf(report: Pick<Report, 'kind' | 'files'>): number {
  return generationsOf(report).filter((g) => g.complete).length + 1;
}
