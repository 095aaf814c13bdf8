import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ChecklistItem } from '@rectify/ledger-domain';
import { yuzhouChecklist } from '@rectify/seeds';
import { type LedgerEntryRow, writeCountyLedger, writeTownshipLedger } from '../ledger/ledger-report.writer';
import { importLedgerWorkbook } from './ledger-import';

const checklist: ChecklistItem[] = yuzhouChecklist.map((item) => ({ ...item, responsibleUnits: [...item.responsibleUnits] }));
const campaignDeadlines = { immediate: '2023-08-31', fixedTerm: '2023-10-31' };
const fixtures = join(__dirname, '..', '..', 'test', 'fixtures');
const dir = mkdtempSync(join(tmpdir(), 'rectify-import-'));

async function* rowsOf(rows: readonly LedgerEntryRow[]): AsyncIterable<LedgerEntryRow> {
  for (const row of rows) yield row;
}

const exported: LedgerEntryRow[] = [
  { itemNo: 4, problem: '【褚河村】1名适龄儿童未入学', measures: '村两委入户动员，协调学校安排插班就读', deadline: { kind: 'immediate', date: '2023-08-20' }, dueDate: '2023-08-20', result: '已协调褚河一小插班就读，家长签字确认', status: 'signed_off' },
  { itemNo: 4, problem: '【马庄村】2名学生资助未到账', measures: '核对资助名册，补录遗漏学生并申请补发', deadline: { kind: 'fixed_term', date: '2023-10-31' }, dueDate: '2023-11-30', result: null, status: 'in_progress' },
  { itemNo: 21, problem: '【马庄村】3户饮水水压不足', measures: '更换老化管网并加装增压设备', deadline: { kind: 'long_term', milestones: [{ date: '2023-09-30', description: '完成管网摸排' }, { date: '2023-12-31', description: '完成改造' }] }, dueDate: '2023-12-31', result: null, status: 'planned' },
  { itemNo: 72, problem: '【褚河村】信访件未按期回复', measures: '逐件登记并限期书面答复信访人', deadline: { kind: 'immediate', date: '2023-08-31' }, dueDate: '2023-08-31', result: '已书面答复3件，信访人签收', status: 'submitted' },
];

describe('ledger import', () => {
  it('round-trips an exported township ledger: export → import → the same rows', async () => {
    const path = join(dir, 'export.xlsx');
    await writeTownshipLedger({ output: path, checklist, title: '禹州市巩固拓展脱贫攻坚成果排查整改台账', township: '褚河街道', rows: rowsOf(exported) });
    const result = await importLedgerWorkbook(path, { checklist, campaignDeadlines });
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(
      result.rows.map((row) => ({
        itemNo: row.itemNo,
        problem: row.problem,
        measures: row.measures,
        deadline: row.deadline,
        extendedTo: row.extendedTo,
        result: row.result,
        signedOff: row.signedOff,
      })),
    ).toEqual(
      exported.map((row) => ({
        itemNo: row.itemNo,
        problem: row.problem,
        measures: row.measures,
        deadline: row.deadline,
        extendedTo: row.deadline?.kind === 'long_term' || row.dueDate === row.deadline?.date ? null : row.dueDate,
        result: row.result,
        signedOff: row.status === 'signed_off',
      })),
    );
    // Merged cells resolved: the second problem of item 4 sees the item's category, sub-area and units.
    expect(result.rows[1]).toMatchObject({ row: 7, sheet: '褚河街道', categoryName: '政策落实', subAreaName: '4. 教育帮扶', responsibleUnit: '市教体局，各乡镇（褚河街道）' });
    expect(new Set(result.rows.map((row) => row.rowKey)).size).toBe(4);
    expect(result.rows[0]?.rowKey).toMatch(/^[0-9a-f]{64}$/u);

    // Same file again (or the same rows re-exported): the same keys, so the caller creates no duplicates.
    const again = await importLedgerWorkbook(readFileSync(path), { checklist, campaignDeadlines });
    expect(again.ok && again.rows.map((row) => row.rowKey)).toEqual(result.rows.map((row) => row.rowKey));
  });

  it('reads every township sheet of a county ledger and skips the summary sheet', async () => {
    const path = join(dir, 'county.xlsx');
    await writeCountyLedger({ output: path, checklist, title: 't', townships: [{ name: '褚河街道', rows: rowsOf(exported) }, { name: '顺店镇', rows: rowsOf(exported.slice(0, 1)) }] });
    const result = await importLedgerWorkbook(path, { checklist, campaignDeadlines });
    expect(result.ok && result.rows.map((row) => row.sheet)).toEqual(['褚河街道', '褚河街道', '褚河街道', '褚河街道', '顺店镇']);
    // Same problem on another sheet: another key.
    expect(result.ok && result.rows[0]?.rowKey !== result.rows[4]?.rowKey).toBe(true);
  });

  it('imports a hand-made ledger (test/fixtures/ok): merged cells, an Excel date, 立行立改 and 年月日', async () => {
    const result = await importLedgerWorkbook(join(fixtures, 'ok', 'township-ledger.xlsx'), { checklist, campaignDeadlines });
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.rows.map((row) => [row.row, row.itemNo, row.subAreaName, row.deadline, row.signedOff])).toEqual([
      [3, 4, '4. 教育帮扶', { kind: 'immediate', date: '2023-08-31' }, true],
      [4, 4, '4. 教育帮扶', { kind: 'immediate', date: '2023-08-31' }, false],
      [5, 5, '4. 教育帮扶', { kind: 'fixed_term', date: '2023-10-15' }, false],
    ]);
  });

  it('rejects a file with bad rows, listing every error by row and column, and returns nothing importable', async () => {
    const result = await importLedgerWorkbook(join(fixtures, 'not-ok', 'bad-rows.xlsx'), { checklist, campaignDeadlines });
    expect(result.ok).toBe(false);
    expect('rows' in result).toBe(false);
    if (result.ok) return;
    const cells = result.errors.map((error) => `${error.row}:${error.column}`);
    expect(cells).toEqual([
      '3:整改结果', // blank result marked 是
      '4:序号2', // item 99 is not in the checklist
      '5:整改时限', // 2023-02-30
      '6:责任单位', // blank
      '6:整改措施', // 立即整改: bare
      '6:整改时限', // 下月
      '6:整改结果', // 已整改 marked 是
    ]);
    expect(result.errors[0]).toEqual({ sheet: '褚河街道', row: 3, column: '整改结果', reason: '已销号的条目整改结果不能为空' });
    expect(result.errors.find((error) => error.row === 4)?.reason).toBe('排查清单中没有第 99 项');
    expect(result.errors.find((error) => error.row === 5)?.reason).toBe('“2023-02-30”不是有效的日期');
    expect(result.errors.find((error) => error.row === 6 && error.column === '整改结果')?.reason).toContain('已整改');
  });

  it('rejects a file with missing columns, naming each', async () => {
    const result = await importLedgerWorkbook(join(fixtures, 'not-ok', 'missing-columns.xlsx'), { checklist, campaignDeadlines });
    expect(result).toEqual({
      ok: false,
      errors: [
        { sheet: '褚河街道', row: 2, column: '整改时限', reason: '缺少“整改时限”列' },
        { sheet: '褚河街道', row: 2, column: '是否销号', reason: '缺少“是否销号”列' },
      ],
    });
  });

  it('rejects a file that is not an xlsx', async () => {
    const result = await importLedgerWorkbook(Buffer.from('not a workbook'), { checklist, campaignDeadlines });
    expect(result).toEqual({ ok: false, errors: [{ sheet: '', row: 0, column: '', reason: '无法读取文件：不是有效的 .xlsx 文件' }] });
  });
});
