/**
 * Builds the tiny import fixtures in test/fixtures/{ok,not-ok}: hand-made ledgers as an office would
 * type them (non-streaming exceljs, merged category/sub-area/item cells, a real Excel date, words).
 * Run: node -r ./tools/register.js libs/reports/test/build-fixtures.ts
 */
import { join } from 'node:path';
import { Workbook } from 'exceljs';

const HEADER = ['序号', '类型', '分项', '序号2', '排查项目', '责任单位', '对照排查发现问题', '整改措施', '整改时限', '整改结果', '是否销号'];

type Line = (string | number | Date | null)[];

async function build(path: string, header: readonly string[], lines: readonly Line[], merges: readonly string[]): Promise<void> {
  const workbook = new Workbook();
  const sheet = workbook.addWorksheet('褚河街道');
  sheet.addRow(['禹州市巩固拓展脱贫攻坚成果排查整改台账']);
  sheet.addRow([...header]);
  for (const line of lines) sheet.addRow(line);
  for (const merge of merges) sheet.mergeCells(merge);
  await workbook.xlsx.writeFile(path);
}

const ITEM4 = '域内所有家庭义务教育阶段适龄儿童是否全部上学（因自身条件不能上学的除外）。';
const ITEM5 = '脱贫人口和监测对象家中的（在籍在园）幼儿是否享受生活费补助600元/年，保教费600元/年。';

async function main(): Promise<void> {
  const dir = join(__dirname, 'fixtures');
  await build(
    join(dir, 'ok', 'township-ledger.xlsx'),
    HEADER,
    [
      ['二', '政策落实', '4. 教育帮扶', 4, ITEM4, '市教体局，各乡镇（褚河街道）', '【褚河村】1名适龄儿童未入学', '村两委入户动员，协调学校安排插班就读', new Date(Date.UTC(2023, 7, 31)), '已协调褚河一小插班就读，家长签字确认', '是'],
      [null, null, null, null, null, null, '【马庄村】2名学生资助未到账', '核对资助名册，补录遗漏学生并申请补发', '立行立改', null, '否'],
      [null, null, null, 5, ITEM5, '市教体局，各乡镇（褚河街道）', '【马庄村】幼儿生活费补助少发300元', '核对发放清单，补发差额并公示', '2023年10月15日', null, '否'],
    ],
    ['A3:A5', 'B3:B5', 'C3:C5', 'D3:D4', 'E3:E4', 'F3:F4'],
  );
  await build(
    join(dir, 'not-ok', 'bad-rows.xlsx'),
    HEADER,
    [
      ['二', '政策落实', '4. 教育帮扶', 4, ITEM4, '市教体局', '【褚河村】1名适龄儿童未入学', '村两委入户动员，协调学校安排插班就读', '2023-08-31', '', '是'],
      [null, null, null, 99, '不存在的项目', '市教体局', '【马庄村】问题', '核对名册并补录遗漏学生信息', '2023-08-31', null, '否'],
      [null, null, null, 5, ITEM5, '市教体局', '【马庄村】幼儿补助少发', '核对发放清单，补发差额并公示', '2023-02-30', null, '否'],
      [null, null, null, 6, '项目6', '', '【褚河村】营养餐补助未发', '立即整改', '下月', '已整改', '是'],
    ],
    ['A3:A6', 'B3:B6', 'C3:C6'],
  );
  await build(join(dir, 'not-ok', 'missing-columns.xlsx'), HEADER.filter((h) => h !== '整改时限' && h !== '是否销号'), [], []);
}

void main();
