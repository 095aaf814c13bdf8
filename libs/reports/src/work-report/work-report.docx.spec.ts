import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { type ChecklistItem } from '@rectify/ledger-domain';
import { computeWorkReportStats, type WorkReportEntryFact, type WorkReportStats } from './work-report.stats';
import { renderWorkReportDocx, writeWorkReportDocx, xmlText } from './work-report.docx';
import { writeWorkReportWorkbook } from './work-report.writer';

// A small hand-computed fixture: 2 sub-areas, 2 townships, 5 days.
const checklist: ChecklistItem[] = [
  { itemNo: 4, categoryNo: 2, categoryName: '政策落实', subAreaNo: 4, subAreaName: '教育帮扶', text: '适龄儿童是否全部上学。', responsibleUnits: ['市教育局'] },
  { itemNo: 5, categoryNo: 2, categoryName: '政策落实', subAreaNo: 4, subAreaName: '教育帮扶', text: '幼儿是否享受补助。', responsibleUnits: ['市教育局'] },
  { itemNo: 21, categoryNo: 2, categoryName: '政策落实', subAreaNo: 7, subAreaName: '饮水安全', text: '农村供水保障是否到位。', responsibleUnits: ['市水利局'] },
];

function fact(overrides: Partial<WorkReportEntryFact>): WorkReportEntryFact {
  return { child: '411081005', itemNo: 4, recordedOn: '2023-08-01', signedOffOn: null, voidedOn: null, dueDate: '2023-08-31', recurrence: false, ...overrides };
}

async function* iterate<T>(items: readonly T[]): AsyncIterable<T> {
  for (const item of items) yield item;
}

/**
 * By hand, as of 08-05 (series 08-01 … 08-05):
 * - A: 005, item 4, recorded 08-01, signed off 08-03        → closed
 * - B: 005, item 5, recorded 08-02, due 08-04               → open, overdue
 * - C: 100, item 21, recorded 08-02, recurrence              → open
 * - D: 100, item 21, recorded 08-03, voided 08-04            → left out
 * open per day: 08-01 1 (A), 08-02 3 (A B C), 08-03 2 (B C), 08-04 2, 08-05 2
 */
function stats(title = '禹州市专项行动工作开展情况报告'): Promise<WorkReportStats> {
  return computeWorkReportStats({
    title,
    tenantName: '411081',
    childLabel: '乡镇（街道）',
    asOf: '2023-08-05',
    seriesFrom: '2023-08-01',
    checklist,
    children: ['411081005', '411081100'],
    coverage: [
      { child: '411081005', subAreaNo: 4, checkedCells: 4, expectedCells: 4 },
      { child: '411081005', subAreaNo: 7, checkedCells: 1, expectedCells: 2 },
      { child: '411081100', subAreaNo: 4, checkedCells: 0, expectedCells: 6 },
      { child: '411081100', subAreaNo: 7, checkedCells: 3, expectedCells: 3 },
    ],
    entries: iterate([
      fact({ signedOffOn: '2023-08-03' }),
      fact({ itemNo: 5, recordedOn: '2023-08-02', dueDate: '2023-08-04' }),
      fact({ child: '411081100', itemNo: 21, recordedOn: '2023-08-02', recurrence: true }),
      fact({ child: '411081100', itemNo: 21, recordedOn: '2023-08-03', voidedOn: '2023-08-04' }),
    ]),
  });
}

async function part(zip: JSZip, name: string): Promise<string> {
  const file = zip.file(name);
  if (file === null) throw new Error(`no part ${name}`);
  return file.async('string');
}

/** The text of every w:t, per paragraph or table cell, in document order. */
function textOf(xml: string): string {
  return [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/gu)].map((m) => m[1]).join('');
}

function tables(xml: string): string[][][] {
  return [...xml.matchAll(/<w:tbl>(.*?)<\/w:tbl>/gsu)].map((t) =>
    [...(t[1] ?? '').matchAll(/<w:tr>(.*?)<\/w:tr>/gsu)].map((row) => [...(row[1] ?? '').matchAll(/<w:tc>(.*?)<\/w:tc>/gsu)].map((c) => textOf(c[1] ?? ''))),
  );
}

/** Well-formedness: every tag closes in order, no stray `<` or `&` in text (a broken part makes Word refuse the file). */
function assertWellFormed(xml: string): void {
  const stack: string[] = [];
  const body = xml.replace(/^<\?xml[^>]*\?>\s*/u, '');
  let at = 0;
  for (const m of body.matchAll(/<(\/?)([A-Za-z_][\w:.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>/gu)) {
    const text = body.slice(at, m.index);
    expect(text).not.toMatch(/[<>]|&(?!(amp|lt|gt|quot|apos);)/u);
    at = (m.index ?? 0) + m[0].length;
    const [, closing, name, , selfClosing] = m;
    if (closing) expect(stack.pop()).toBe(name);
    else if (!selfClosing) stack.push(name ?? '');
  }
  expect(body.slice(at).trim()).toBe('');
  expect(stack).toEqual([]);
}

describe('work report as .docx', () => {
  it('is an Office Open XML package whose parts are all well-formed and linked', async () => {
    const zip = await JSZip.loadAsync(await renderWorkReportDocx(await stats()));
    const names = Object.keys(zip.files).sort();
    expect(names).toEqual(
      ['[Content_Types].xml', '_rels/.rels', 'docProps/app.xml', 'docProps/core.xml', 'word/_rels/document.xml.rels', 'word/charts/chart1.xml', 'word/document.xml', 'word/styles.xml'].sort(),
    );
    for (const name of names) assertWellFormed(await part(zip, name));
    const types = await part(zip, '[Content_Types].xml');
    expect(types).toContain('PartName="/word/charts/chart1.xml" ContentType="application/vnd.openxmlformats-officedocument.drawingml.chart+xml"');
    const rels = await part(zip, 'word/_rels/document.xml.rels');
    const document = await part(zip, 'word/document.xml');
    const chartRel = /Id="([^"]+)" Type="[^"]+\/chart" Target="charts\/chart1.xml"/u.exec(rels);
    expect(chartRel).not.toBeNull();
    expect(document).toContain(`<c:chart xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:id="${chartRel?.[1]}"/>`);
  });

  it('says the hand-computed figures in the summary and the tables', async () => {
    const zip = await JSZip.loadAsync(await renderWorkReportDocx(await stats()));
    const document = await part(zip, 'word/document.xml');
    const text = textOf(document);
    expect(text).toContain('禹州市专项行动工作开展情况报告');
    expect(text).toContain('截至2023-08-05，411081共排查 8 个村项（应排查 15 个，覆盖率 53.3%），发现问题 3 个，已销号 1 个，未销号 2 个，其中逾期未销号 1 个，屡改屡犯 1 个。');
    expect(text).toContain('2023-08-01至2023-08-05，未销号问题由 1 个变为 2 个，最多时为 3 个（2023-08-02）。');
    const [bySubArea, byChild] = tables(document);
    expect(bySubArea).toEqual([
      ['分项', '已排查/应排查村项', '排查覆盖率', '发现问题', '已销号', '未销号', '逾期未销号', '屡改屡犯'],
      ['4. 教育帮扶', '4/10', '40.0%', '2', '1', '1', '1', '0'],
      ['7. 饮水安全', '4/5', '80.0%', '1', '0', '1', '0', '1'],
      ['合计', '8/15', '53.3%', '3', '1', '2', '1', '1'],
    ]);
    expect(byChild).toEqual([
      ['乡镇（街道）', '已排查/应排查村项', '排查覆盖率', '发现问题', '已销号', '未销号', '逾期未销号', '屡改屡犯'],
      ['411081005', '5/6', '83.3%', '2', '1', '1', '1', '0'],
      ['411081100', '3/9', '33.3%', '1', '0', '1', '0', '1'],
      ['合计', '8/15', '53.3%', '3', '1', '2', '1', '1'],
    ]);
  });

  it('draws a native line chart whose cached points are the open count per day', async () => {
    const zip = await JSZip.loadAsync(await renderWorkReportDocx(await stats()));
    const chart = await part(zip, 'word/charts/chart1.xml');
    expect(chart).toContain('<c:lineChart>');
    const cache = (tag: 'strCache' | 'numCache'): string[] => {
      const caches = [...chart.matchAll(new RegExp(`<c:${tag}>(.*?)</c:${tag}>`, 'gsu'))].map((m) => m[1] ?? '');
      const last = caches[caches.length - 1] ?? '';
      return [...last.matchAll(/<c:pt idx="(\d+)"><c:v>([^<]*)<\/c:v><\/c:pt>/gu)].map((m) => m[2] ?? '');
    };
    expect(cache('strCache')).toEqual(['2023-08-01', '2023-08-02', '2023-08-03', '2023-08-04', '2023-08-05']);
    expect(cache('numCache')).toEqual(['1', '3', '2', '2', '2']);
    expect(chart).toContain('<c:ptCount val="5"/>');
    expect(chart).toContain("<c:f>'未销号趋势'!$B$3:$B$7</c:f>");
    expect(chart).not.toContain('externalData');
  });

  it('embeds the work report workbook as the chart data, and the references point at its series', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rectify-docx-'));
    const figures = await stats();
    await writeWorkReportWorkbook(figures, join(dir, 'work.xlsx'));
    const workbook = readFileSync(join(dir, 'work.xlsx'));
    const zip = await JSZip.loadAsync(await renderWorkReportDocx(figures, { embeddedWorkbook: workbook }));
    expect(await zip.file('word/embeddings/Microsoft_Excel_Worksheet.xlsx')?.async('nodebuffer')).toEqual(workbook);
    expect(await part(zip, 'word/charts/chart1.xml')).toContain('<c:externalData r:id="rId1"><c:autoUpdate val="0"/></c:externalData>');
    expect(await part(zip, 'word/charts/_rels/chart1.xml.rels')).toContain('Target="../embeddings/Microsoft_Excel_Worksheet.xlsx"');
    expect(await part(zip, '[Content_Types].xml')).toContain('<Default Extension="xlsx"');
  });

  it('escapes text: markup and control characters in names cannot break the document', async () => {
    expect(xmlText('A&B <c> "d" \u0001e')).toBe('A&amp;B &lt;c&gt; &quot;d&quot; e');
    const zip = await JSZip.loadAsync(await renderWorkReportDocx(await stats('报告 <w:p> & “引号”\u0007')));
    const document = await part(zip, 'word/document.xml');
    assertWellFormed(document);
    expect(textOf(document)).toContain('报告 &lt;w:p&gt; &amp; “引号”');
  });

  it('gives the same bytes for the same figures, and its digest is that of the bytes written', async () => {
    const figures = await stats();
    const first = await renderWorkReportDocx(figures);
    expect((await renderWorkReportDocx(figures)).equals(first)).toBe(true);
    const path = join(mkdtempSync(join(tmpdir(), 'rectify-docx-')), 'work.docx');
    const digest = await writeWorkReportDocx(figures, path);
    const bytes = readFileSync(path);
    expect(bytes.equals(first)).toBe(true);
    expect(digest).toEqual({ bytes: bytes.length, algorithm: 'sm3', checksum: createHash('sm3').update(bytes).digest('hex') });
  });
});
