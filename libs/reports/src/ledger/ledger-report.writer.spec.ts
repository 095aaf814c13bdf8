import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Workbook, type Worksheet } from 'exceljs';
import { type ChecklistItem } from '@rectify/ledger-domain';
import { yuzhouChecklist } from '@rectify/seeds';
import { type LedgerEntryRow, writeCountyLedger, writeTownshipLedger } from './ledger-report.writer';
import { LEDGER_COLUMNS } from './ledger-layout';

const checklist: ChecklistItem[] = yuzhouChecklist.map((item) => ({ ...item, responsibleUnits: [...item.responsibleUnits] }));
const dir = mkdtempSync(join(tmpdir(), 'rectify-ledger-'));

async function* rowsOf(rows: readonly LedgerEntryRow[]): AsyncIterable<LedgerEntryRow> {
  for (const row of rows) yield row;
}

function entry(itemNo: number, problem: string, overrides: Partial<LedgerEntryRow> = {}): LedgerEntryRow {
  return {
    itemNo,
    problem,
    measures: `针对${problem}，逐户核实并补办手续`,
    deadline: { kind: 'immediate', date: '2023-08-31' },
    dueDate: '2023-08-31',
    result: null,
    status: 'in_progress',
    ...overrides,
  };
}

const sample: LedgerEntryRow[] = [
  entry(4, '【褚河村】1名适龄儿童未入学'),
  entry(4, '【马庄村】2名适龄儿童辍学', { status: 'signed_off', result: '已劝返2名学生并落实资助，学籍已恢复' }),
  entry(5, '【褚河村】幼儿生活费补助未发放', { deadline: { kind: 'fixed_term', date: '2023-10-31' }, dueDate: '2023-11-15' }),
  entry(5, '【褚河村】作废的条目', { status: 'voided' }),
  entry(21, '【马庄村】3户饮水水压不足', {
    deadline: { kind: 'long_term', milestones: [{ date: '2023-09-30', description: '完成管网摸排' }, { date: '2023-12-31', description: '完成改造' }] },
    dueDate: '2023-12-31',
  }),
];

function texts(sheet: Worksheet, row: number): string[] {
  return LEDGER_COLUMNS.map((_, index) => {
    const value = sheet.getRow(row).getCell(index + 1).value;
    return value === null || value === undefined ? '' : String(value);
  });
}

describe('ledger report (official layout)', () => {
  it('writes a township ledger: title, 11 headers in order, every item, one row per problem, merges, frozen header', async () => {
    const path = join(dir, 'township.xlsx');
    const file = await writeTownshipLedger({ output: path, checklist, title: '禹州市巩固拓展脱贫攻坚成果排查整改台账', township: '褚河街道', rows: rowsOf(sample) });
    expect(file.bytes).toBe(statSync(path).size);
    expect(file.algorithm).toBe('sm3');
    expect(file.checksum).toBe(createHash('sm3').update(readFileSync(path)).digest('hex'));
    expect(file.sheets).toEqual([{ name: '褚河街道', rows: 72 + 1, itemsWithProblems: 3, problems: 4, signedOff: 1, open: 3 }]);

    const workbook = new Workbook();
    await workbook.xlsx.readFile(path);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['褚河街道']);
    const sheet = workbook.worksheets[0];
    if (!sheet) throw new Error('no sheet');
    expect(sheet.getCell('A1').value).toBe('禹州市巩固拓展脱贫攻坚成果排查整改台账（褚河街道）');
    expect(texts(sheet, 2)).toEqual([...LEDGER_COLUMNS]);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
    expect(sheet.getColumn(5).width).toBe(48);
    expect(sheet.getCell('G2').border?.top?.style).toBe('thin');
    expect(sheet.getCell('E3').alignment?.wrapText).toBe(true);

    // Rows 3…: items 1, 2, 3 (one row each), item 4 (two problems), item 5 (one, the voided one left out), …
    expect(texts(sheet, 3).slice(0, 6)).toEqual(['一', '责任落实', '1. 党委政府责任落实', '1', checklist[0]?.text, '各乡镇（褚河街道）']);
    expect(texts(sheet, 6).slice(0, 4)).toEqual(['二', '政策落实', '4. 教育帮扶', '4']);
    expect(texts(sheet, 6).slice(6)).toEqual(['【褚河村】1名适龄儿童未入学', '针对【褚河村】1名适龄儿童未入学，逐户核实并补办手续', '立行立改（2023-08-31前）', '', '否']);
    expect(texts(sheet, 7).slice(6)).toEqual(['【马庄村】2名适龄儿童辍学', expect.any(String), '立行立改（2023-08-31前）', '已劝返2名学生并落实资助，学籍已恢复', '是']);
    expect(texts(sheet, 8)[3]).toBe('5');
    expect(texts(sheet, 8)[8]).toBe('限期解决（2023-10-31前）（已延期至2023-11-15）');
    expect(texts(sheet, 9)[3]).toBe('6');
    expect(texts(sheet, 9)[6]).toBe('');
    const item21Row = 3 + 21; // items 1…20 take 21 rows (item 4 has two), item 21 follows
    expect(texts(sheet, item21Row)[3]).toBe('21');
    expect(texts(sheet, item21Row)[8]).toBe('长效机制，分阶段解决：2023-09-30 完成管网摸排；2023-12-31 完成改造');
    expect(sheet.rowCount).toBe(2 + 73);

    // Merges: title; item 4's item cells; categories over their rows; sub-areas over theirs.
    const merges = sheet.model.merges;
    expect(merges).toEqual(expect.arrayContaining(['A1:K1', 'D6:D7', 'E6:E7', 'F6:F7', 'A3:A5', 'B3:B5', 'A6:A34', 'B6:B34', 'C6:C13', 'A35:A75', 'B35:B75', 'C71:C73', 'C74:C75']));
    expect(merges).not.toContain('C3:C3');
    expect(sheet.getCell('A4').isMerged).toBe(true);
    expect(sheet.getCell('A4').value).toBe('一');
    expect(sheet.getCell('E7').value).toBe(checklist[3]?.text);
  });

  it('writes a county ledger: a summary sheet first, one sheet per township', async () => {
    const path = join(dir, 'county.xlsx');
    const file = await writeCountyLedger({
      output: path,
      checklist,
      title: '禹州市巩固拓展脱贫攻坚成果排查整改台账',
      townships: [
        { name: '褚河街道', rows: rowsOf(sample) },
        { name: '顺店镇', rows: rowsOf([]) },
      ],
    });
    expect(file.sheets.map((s) => [s.name, s.problems])).toEqual([['褚河街道', 4], ['顺店镇', 0]]);
    const workbook = new Workbook();
    await workbook.xlsx.readFile(path);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['汇总', '褚河街道', '顺店镇']);
    const summary = workbook.getWorksheet('汇总');
    expect(summary?.getRow(2).values).toEqual([undefined, '序号', '乡镇（街道）', '有问题的排查项目数', '发现问题数', '已销号', '未销号', '销号率']);
    expect(summary?.getRow(3).values).toEqual([undefined, 1, '褚河街道', 3, 4, 1, 3, '25.0%']);
    expect(summary?.getRow(5).values).toEqual([undefined, undefined, '合计', 3, 4, 1, 3, '25.0%']);
    expect(workbook.getWorksheet('顺店镇')?.rowCount).toBe(2 + 72);
  });

  it('refuses rows that are not sorted by item or name an unknown item', async () => {
    await expect(
      writeTownshipLedger({ output: join(dir, 'bad1.xlsx'), checklist, title: 't', township: 'x', rows: rowsOf([entry(5, 'a问题'), entry(4, 'b问题')]) }),
    ).rejects.toMatchObject({ code: 'REPORT_ROWS_NOT_SORTED' });
    await expect(
      writeTownshipLedger({ output: join(dir, 'bad2.xlsx'), checklist, title: 't', township: 'x', rows: rowsOf([entry(99, 'a问题')]) }),
    ).rejects.toMatchObject({ code: 'REPORT_UNKNOWN_ITEM' });
  });

  it('streams 10,000 entries without holding them (heap logged, no timing assertion)', async () => {
    async function* many(): AsyncIterable<LedgerEntryRow> {
      for (let i = 0; i < 10_000; i++) {
        const itemNo = 1 + Math.floor((i * 72) / 10_000);
        yield entry(itemNo, `【村${i % 37}】第${i}号问题：补助资金未按时足额发放到户`, { status: i % 3 === 0 ? 'signed_off' : 'in_progress', result: i % 3 === 0 ? '已补发资金并由户主签字确认到账' : null });
      }
    }
    global.gc?.();
    const before = process.memoryUsage();
    let peakHeap = before.heapUsed;
    const timer = setInterval(() => {
      peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
    }, 5);
    const path = join(dir, 'big.xlsx');
    const file = await writeTownshipLedger({ output: path, checklist, title: '大台账', township: '褚河街道', rows: many() });
    clearInterval(timer);
    const after = process.memoryUsage();
    const mb = (n: number): string => `${(n / 1024 / 1024).toFixed(1)} MB`;
    console.log(
      `10k-row streamed ledger: file ${mb(file.bytes)}, heap before ${mb(before.heapUsed)}, peak ${mb(peakHeap)}, after ${mb(after.heapUsed)}, rss ${mb(after.rss)}`,
    );
    expect(file.sheets[0]).toMatchObject({ problems: 10_000, rows: 10_000 });
    expect(file.bytes).toBe(statSync(path).size);
  });
});
