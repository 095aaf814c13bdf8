import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Workbook } from 'exceljs';
import { type ChecklistItem } from '@rectify/ledger-domain';
import { yuzhouChecklist } from '@rectify/seeds';
import { renderWorkReportHtml } from './work-report.html';
import { computeWorkReportStats, type WorkReportEntryFact } from './work-report.stats';
import { writeWorkReportHtml, writeWorkReportWorkbook } from './work-report.writer';

const checklist: ChecklistItem[] = yuzhouChecklist.map((item) => ({ ...item, responsibleUnits: [...item.responsibleUnits] }));
const dir = mkdtempSync(join(tmpdir(), 'rectify-work-report-'));

async function* factsOf(facts: readonly WorkReportEntryFact[]): AsyncIterable<WorkReportEntryFact> {
  for (const fact of facts) yield fact;
}

function fact(overrides: Partial<WorkReportEntryFact>): WorkReportEntryFact {
  return { child: '褚河街道', itemNo: 4, recordedOn: '2023-08-01', signedOffOn: null, voidedOn: null, dueDate: '2023-08-31', recurrence: false, ...overrides };
}

const facts = [
  fact({ signedOffOn: '2023-08-03' }),
  fact({ itemNo: 5, recordedOn: '2023-08-02', dueDate: '2023-08-03' }), // overdue on 08-05
  fact({ child: '顺店镇', itemNo: 21, recordedOn: '2023-08-02', recurrence: true }),
  fact({ child: '顺店镇', itemNo: 21, recordedOn: '2023-08-03', voidedOn: '2023-08-04' }), // left out
  fact({ child: '顺店镇', itemNo: 72, recordedOn: '2023-08-09' }), // after asOf: left out
];

async function stats(): ReturnType<typeof computeWorkReportStats> {
  return computeWorkReportStats({
    title: '禹州市“大排查、大整改、大提升”专项行动工作开展情况报告',
    tenantName: '禹州市',
    childLabel: '乡镇（街道）',
    asOf: '2023-08-05',
    seriesFrom: '2023-07-31',
    checklist,
    children: ['褚河街道', '顺店镇', '花石镇'],
    coverage: [
      { child: '褚河街道', subAreaNo: 4, checkedCells: 200, expectedCells: 259 },
      { child: '顺店镇', subAreaNo: 7, checkedCells: 90, expectedCells: 90 },
    ],
    entries: factsOf(facts),
  });
}

describe('work report', () => {
  it('counts by sub-area and by child tenant, and the open count per day', async () => {
    const result = await stats();
    expect(result.total).toMatchObject({ problems: 3, closed: 1, open: 2, overdue: 1, recurrences: 1, checkedCells: 290, expectedCells: 349 });
    expect(result.bySubArea).toHaveLength(16);
    expect(result.bySubArea[3]).toMatchObject({ label: '4. 教育帮扶', problems: 2, closed: 1, open: 1, overdue: 1, checkedCells: 200, expectedCells: 259 });
    expect(result.bySubArea[6]).toMatchObject({ label: '7. 饮水安全', problems: 1, recurrences: 1, coverage: 1 });
    expect(result.byChild.map((line) => [line.label, line.problems, line.open])).toEqual([['褚河街道', 2, 1], ['顺店镇', 1, 1], ['花石镇', 0, 0]]);
    expect(result.openSeries).toEqual([
      { date: '2023-07-31', open: 0 },
      { date: '2023-08-01', open: 1 },
      { date: '2023-08-02', open: 3 },
      { date: '2023-08-03', open: 2 },
      { date: '2023-08-04', open: 2 },
      { date: '2023-08-05', open: 2 },
    ]);
  });

  it('renders a standalone printable HTML with an inline SVG chart and the numbers', async () => {
    const html = renderWorkReportHtml(await stats());
    expect(html).toMatch(/^<!DOCTYPE html>/u);
    expect(html).toContain('<svg xmlns="http://www.w3.org/2000/svg"');
    expect(html).toContain('<polyline');
    expect(html).toContain('发现问题 3 个，已销号 1 个，未销号 2 个，其中逾期未销号 1 个，屡改屡犯 1 个');
    expect(html).toContain('覆盖率 83.1%');
    expect(html).toContain('<td class="label">顺店镇</td>');
    expect(html).toContain('@page');
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org\/2000\/svg)|<link|<img/u);
    const path = join(dir, 'report.html');
    const digest = await writeWorkReportHtml(await stats(), path, 'sha256');
    expect(digest).toEqual({ bytes: statSync(path).size, algorithm: 'sha256', checksum: createHash('sha256').update(readFileSync(path)).digest('hex') });
  });

  it('writes the figures as xlsx: by sub-area, by child, open count', async () => {
    const path = join(dir, 'report.xlsx');
    const digest = await writeWorkReportWorkbook(await stats(), path);
    expect(digest.bytes).toBe(statSync(path).size);
    const workbook = new Workbook();
    await workbook.xlsx.readFile(path);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['按分项', '按乡镇（街道）', '未销号趋势']);
    expect(workbook.getWorksheet('按分项')?.getRow(6).values).toEqual([undefined, '4. 教育帮扶', 200, 259, '77.2%', 2, 1, 1, 1, 0]);
    expect(workbook.getWorksheet('按乡镇（街道）')?.getRow(4).values).toEqual([undefined, '顺店镇', 90, 90, '100.0%', 1, 0, 1, 0, 1]);
    expect(workbook.getWorksheet('未销号趋势')?.getRow(5).values).toEqual([undefined, '2023-08-02', 3]);
  });
});
