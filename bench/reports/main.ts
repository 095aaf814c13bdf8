/**
 * Ledger report bench: a township ledger (整改台账, the official 11-column layout) of N entries,
 * streamed by `writeTownshipLedger` (exceljs streaming writer) to a temp file.
 *
 *   npm run bench:reports                     # 100,000 rows, then the escalation sweep over 1M open entries
 *   npm run bench:reports -- --rows 20000 --sweep-entries 100000
 *   npm run bench:reports -- --no-sweep       # the export only (no database needed)
 *
 * Rows are generated lazily by an async generator (never held in memory): Chinese problem /
 * measures / result texts from a small phrase list, spread over the 72 items of 禹州市's checklist
 * and sorted by item number as the writer requires, all three deadline classes, some extensions,
 * 是/否 sign-off. Measured: wall time, peak RSS (sampled every 50 ms, and the process's maxRSS
 * from `process.resourceUsage()`), file size, checksum. Targets: ≤ 20 s and ≤ 300 MB peak RSS for
 * 100k rows. The temp file is deleted at the end. The last line printed is JSON.
 *
 * Then the escalation sweep over `--sweep-entries` (default 1,000,000) open entries, in schemas of
 * its own in DATABASE_URL (default: the local `test` database): see ./escalation-sweep.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeTownshipLedger, type LedgerEntryRow } from '@rectify/reports';
import type { EntryStatus, RectificationDeadline } from '@rectify/ledger-domain';
import { yuzhouChecklist } from '@rectify/seeds';
import { runEscalationSweepBench, type SweepBenchFigures } from './escalation-sweep';

const TARGET_SECONDS = 20;
const TARGET_PEAK_RSS_MB = 300;
const SAMPLE_EVERY_MS = 50;

function argValue(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

const rows = Number(argValue('--rows') ?? 100_000);
if (!Number.isSafeInteger(rows) || rows < 1) {
  console.error(`--rows must be a positive integer, got ${argValue('--rows') ?? ''}`);
  process.exit(2);
}
const sweepEntries = Number(argValue('--sweep-entries') ?? 1_000_000);
if (!Number.isSafeInteger(sweepEntries) || sweepEntries < 1000) {
  console.error(`--sweep-entries must be an integer ≥ 1000, got ${argValue('--sweep-entries') ?? ''}`);
  process.exit(2);
}
const runSweep = !process.argv.includes('--no-sweep');
const databaseUrl = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

const VILLAGES = ['褚河村', '马庄村', '郭连村', '范坡村', '岗王村', '小吕村', '杜庄村', '梁北村', '方山村', '鸿畅村', '张得村', '无梁村'];
const PROBLEMS = [
  '脱贫户住房安全等级鉴定不及时，危房改造资金拨付滞后',
  '监测对象识别程序不规范，入户核查记录缺失',
  '义务教育阶段控辍保学台账更新不及时，个别学生信息与学籍系统不一致',
  '家庭医生签约服务履约不到位，慢病患者随访记录不全',
  '饮水安全设施管护责任不明确，部分农户反映水压不足',
  '产业帮扶项目资产台账不完整，收益分配方案未公示',
  '小额信贷逾期未及时跟进，还款提醒记录缺失',
  '公益性岗位人员履职考勤不规范，存在人岗不符现象',
  '防返贫监测预警信息核实不及时，部门数据比对结果未反馈',
  '驻村工作队在岗情况登记不实，工作日志内容简单',
];
const MEASURES = [
  '组织村“两委”逐户核查，补齐鉴定报告，督促资金按进度拨付到户',
  '重新履行识别程序，完善入户核查记录并经村民代表会议评议公示',
  '由包村干部与学校对接核实学籍信息，建立控辍保学动态台账，每月更新',
  '家庭医生团队逐户补签履约，建立慢病患者随访登记簿并按季度核查',
  '明确管水员职责，维修加压设施，建立故障报修和回访制度',
  '清查产业项目资产并登记造册，制定收益分配方案，经公示后执行',
  '逐笔梳理逾期贷款，制定还款计划，落实专人跟踪提醒',
  '开展公益性岗位清理，建立考勤打卡和月度考核制度，不合格人员及时调整',
  '对预警信息逐条入户核实，建立部门数据比对反馈机制，按周通报',
  '严格执行驻村工作队考勤管理，规范工作日志，乡镇每月督查一次',
];
const RESULTS = [
  '已完成全部鉴定，资金已拨付到户，经乡镇复核验收合格',
  '已重新履行识别程序，入户核查记录齐全，公示无异议',
  '学籍信息已全部核对一致，控辍保学台账按月更新',
  '已完成补签履约，随访记录齐全，经卫健部门抽查合格',
  '加压设施已维修，管水员已到岗，农户反映问题已解决',
  '资产已登记造册，收益分配方案已公示并兑现到户',
  '逾期贷款已全部制定还款计划，已收回部分欠款',
  '已清退不合格人员3名，考勤和考核制度已执行两个月',
  '预警信息已全部核实，数据比对反馈机制已运行',
  '考勤制度已落实，工作日志已规范，乡镇督查记录齐全',
];
const STATUSES: readonly EntryStatus[] = ['signed_off', 'signed_off', 'signed_off', 'submitted', 'in_progress', 'planned', 'recorded'];

function pad(n: number): string {
  return n.toString().padStart(2, '0');
}

function deadlineOf(i: number): { deadline: RectificationDeadline; dueDate: string } {
  switch (i % 3) {
    case 0: {
      const date = `2023-08-${pad(20 + (i % 12))}`;
      return { deadline: { kind: 'immediate', date }, dueDate: date };
    }
    case 1: {
      const date = `2023-${pad(9 + (i % 2))}-${pad(1 + (i % 28))}`;
      // Every 11th fixed-term entry had an approved extension.
      return { deadline: { kind: 'fixed_term', date }, dueDate: i % 11 === 1 ? `2023-11-${pad(1 + (i % 28))}` : date };
    }
    default:
      return {
        deadline: {
          kind: 'long_term',
          milestones: [
            { date: '2023-09-30', description: '完成摸排' },
            { date: '2023-12-31', description: '全部验收' },
          ],
        },
        dueDate: '2023-12-31',
      };
  }
}

/** `count` entries over the 72 items, in item order (the writer's requirement), generated lazily. */
async function* ledgerRows(count: number, itemNos: readonly number[]): AsyncGenerator<LedgerEntryRow> {
  const perItem = Math.floor(count / itemNos.length);
  const extra = count % itemNos.length;
  let i = 0;
  for (const [index, itemNo] of itemNos.entries()) {
    const n = perItem + (index < extra ? 1 : 0);
    for (let k = 0; k < n; k++, i++) {
      const phrase = (i * 7 + itemNo) % PROBLEMS.length;
      const status = STATUSES[i % STATUSES.length];
      const planned = status !== 'recorded';
      const { deadline, dueDate } = deadlineOf(i);
      yield {
        itemNo,
        problem: `【${VILLAGES[i % VILLAGES.length]}】${PROBLEMS[phrase]}（第${i + 1}条）`,
        measures: planned ? MEASURES[phrase] : null,
        deadline: planned ? deadline : null,
        dueDate: planned ? dueDate : null,
        result: status === 'signed_off' || status === 'submitted' ? RESULTS[phrase] : null,
        status,
      };
    }
  }
}

const mb = (bytes: number): number => Math.round((bytes / 1024 / 1024) * 10) / 10;

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-reports-'));
  const file = join(dir, 'ledger.xlsx');
  const rssBefore = process.memoryUsage().rss;
  let peakRss = rssBefore;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, SAMPLE_EVERY_MS);

  try {
    console.log(`ledger report: ${rows} rows over ${yuzhouChecklist.length} items → ${file}`);
    const start = process.hrtime.bigint();
    const result = await writeTownshipLedger({
      output: file,
      checklist: yuzhouChecklist,
      title: '禹州市巩固拓展脱贫攻坚成果排查整改台账',
      township: '褚河街道',
      rows: ledgerRows(rows, yuzhouChecklist.map((item) => item.itemNo)),
    });
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    clearInterval(sampler);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    // maxRSS is in kilobytes (the process's high-water mark since start, including module loading).
    const maxRssMb = Math.round((process.resourceUsage().maxRSS / 1024) * 10) / 10;
    const sheet = result.sheets[0];
    if (sheet.problems !== rows) throw new Error(`the writer counted ${sheet.problems} problems, expected ${rows}`);

    const seconds2 = Math.round(seconds * 100) / 100;
    const peakRssMb = mb(peakRss);
    console.log(`write ${rows} rows                ${seconds2.toFixed(2).padStart(8)} s = ${Math.round(rows / seconds).toString().padStart(7)} rows/s`);
    console.log(`peak RSS (sampled every ${SAMPLE_EVERY_MS} ms)  ${peakRssMb.toFixed(1).padStart(8)} MB (${mb(rssBefore).toFixed(1)} MB before the run)`);
    console.log(`maxRSS (resourceUsage)           ${maxRssMb.toFixed(1).padStart(8)} MB`);
    console.log(`file                             ${result.bytes.toString().padStart(8)} bytes, ${result.algorithm} ${result.checksum}`);
    console.log(
      `sheet ${sheet.name}: ${sheet.rows} rows, ${sheet.itemsWithProblems} items with problems, ${sheet.problems} problems, ${sheet.signedOff} signed off, ${sheet.open} open`,
    );
    rmSync(dir, { recursive: true, force: true });

    let escalationSweep: SweepBenchFigures | 'not run (--no-sweep)' = 'not run (--no-sweep)';
    if (runSweep) {
      const sweep = await runEscalationSweepBench({ entries: sweepEntries, url: databaseUrl, log: (line) => console.log(line) });
      escalationSweep = sweep;
      console.log(
        `escalation sweep over ${sweep.entries} open entries ${sweep.seconds.toFixed(2).padStart(8)} s = ${sweep.entriesPerSecond.toString().padStart(7)} entries/s` +
          ` (${sweep.result.candidates} candidates, ${sweep.result.escalated} escalated, ${sweep.result.alreadyDone} already done, ${sweep.result.notDue} not due, ${sweep.result.skipped} skipped; target ≤ ${sweep.target.seconds_max} s for 1M: ${sweep.met ? 'met' : 'NOT met'})`,
      );
    }

    const targets = { seconds_max: TARGET_SECONDS, peakRssMb_max: TARGET_PEAK_RSS_MB, rows: 100_000 };
    const met = {
      seconds: seconds <= TARGET_SECONDS,
      peakRssMb: peakRssMb <= TARGET_PEAK_RSS_MB,
      ...(typeof escalationSweep === 'object' ? { escalationSweep: escalationSweep.met && escalationSweep.entries >= 1_000_000 } : {}),
    };
    console.log(
      JSON.stringify({
        bench: 'reports',
        rows,
        seconds: seconds2,
        peakRssMb,
        maxRssMb,
        bytes: result.bytes,
        algorithm: result.algorithm,
        checksum: result.checksum,
        targets,
        met,
        escalationSweep,
      }),
    );
  } finally {
    clearInterval(sampler);
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
