import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ManualClock, ReportCommandService } from '@rectify/ledger-application';
import { streamIds } from '@rectify/ledger-domain';
import { loadVillages } from '@rectify/ledger-read-model';
import { QueueEvents } from 'bullmq';
import { Workbook } from 'exceljs';
import JSZip from 'jszip';
import { JobName, JobQueues, QueueName, ledgerReportJobId, type WorkReportJobData } from '@rectify/jobs';
import { workReportFileIdOf, type WorkReportJobResult, type WorkReportJobState } from './jobs/work-report.job';
import { WorkerHarness, county, ctx, inspector, otherTownship, refOf, reviewer, type Chain } from './testing/worker-harness.int-spec';
import { WorkerModule } from './worker.module';

let h: WorkerHarness;
let chain: Chain;
let app: INestApplicationContext;
let events: QueueEvents;

const TOWNSHIP = inspector.tenantPath; // 411000/411081/411081005
const OTHER = otherTownship.tenantPath; // 411000/411081/411081100
const NAMES = { [TOWNSHIP]: '褚河街道', [OTHER]: '顺店镇' };
const AS_OF = '2023-08-24';

async function check(campaignId: string, villageCode: string, itemNo: number, at: string, who = inspector): Promise<void> {
  h.clock.set(at);
  await h.ledger.inspection({ type: 'RecordVillageCheck', campaignId, villageCode, itemNo, outcome: { kind: 'no_problem' } }, ctx(who));
}

/**
 * The fixture, by hand (items 1 | 4, 5 | 21 in sub-areas 1 | 4 | 7; 褚河街道 has 2 villages, 顺店镇 1):
 * - e1 褚河 item 5, recorded 08-02, signed off 08-10 → closed
 * - e2 褚河 item 5, due 08-20 → open, overdue on 08-24
 * - e3 褚河 item 21 → open
 * - e4 顺店 item 4 → open
 * - checks by 08-24: 褚河 …201 items 4, 5, 21 and …202 item 1; 顺店 …201 item 4; (褚河 …202 item 4 on 08-30: after the report date)
 */
beforeAll(async () => {
  h = await WorkerHarness.create();
  chain = await h.givenChain();
  await loadVillages(h.dataSource, [
    { code: '411081005201', name: '王庄村', townshipCode: '411081005', tenantPath: TOWNSHIP },
    { code: '411081005202', name: '李庄村', townshipCode: '411081005', tenantPath: TOWNSHIP },
    { code: '411081100201', name: '张庄村', townshipCode: '411081100', tenantPath: OTHER },
  ]);
  const e1 = await h.plannedEntry(chain.township, 5, '3户脱贫户幼儿未享受低保生活补助');
  await h.plannedEntry(chain.township, 5, '1户幼儿保教费未减免', '2023-08-20');
  await h.plannedEntry(chain.township, 21, '自来水管网老化，部分农户饮水不稳定');
  await h.plannedEntry(chain.township2, 4, '1名适龄儿童辍学在家', '2023-08-31', otherTownship);
  for (const item of [4, 5, 21]) await check(chain.township, '411081005201', item, '2023-08-04T02:00:00Z');
  await check(chain.township, '411081005202', 1, '2023-08-05T02:00:00Z');
  await check(chain.township2, '411081100201', 4, '2023-08-05T02:00:00Z', otherTownship);
  await check(chain.township, '411081005202', 4, '2023-08-30T02:00:00Z');
  h.clock.set('2023-08-10T02:00:00Z');
  await h.ledger.entry({ type: 'SubmitResult', entryId: e1, result: '已向3户补发低保生活补助共1800元，附发放凭证', evidenceRefs: ['file-1'] }, ctx(inspector));
  await h.ledger.entry({ type: 'ApproveSignOff', entryId: e1 }, ctx(reviewer));
  await h.project();
  app = await NestFactory.createApplicationContext(WorkerModule.forRoot(h.config(), { clock: new ManualClock('2023-08-24T02:00:00Z'), schedule: false }), { logger: false });
  await app.init();
  events = new QueueEvents(QueueName.Reports, { connection: { url: h.config().redisUrl }, prefix: h.queuePrefix });
  await events.waitUntilReady();
}, 60_000);

afterAll(async () => {
  await events?.close();
  await app?.close();
  await h?.close();
}, 30_000);

// the machine is shared: generous per-test timeouts (the jobs themselves take well under a second unloaded)
jest.setTimeout(30_000);

async function requestReport(kind: 'work' | 'ledger' = 'work', scope = county): Promise<string> {
  h.clock.set('2023-08-24T01:00:00Z');
  const campaignId = scope === county ? chain.county : chain.township;
  const { reportId } = await h.reports.request({ type: 'RequestReport', kind, scope: refOf(scope), campaignId }, ctx(scope));
  return reportId;
}

function data(reportId: string, scope = county, extra: Partial<WorkReportJobData> = {}): WorkReportJobData {
  return { tenant: refOf(scope), reportId, generation: 1, asOf: AS_OF, tenantName: scope === county ? '禹州市' : '褚河街道', childNames: scope === county ? NAMES : {}, ...extra };
}

async function runJob(payload: WorkReportJobData, jobId = ledgerReportJobId(payload.reportId, payload.generation)): Promise<{ result: WorkReportJobResult; attempts: number; job: WorkReportJobState | undefined }> {
  const job = await app.get(JobQueues).reports.add(JobName.WorkReport, payload, { jobId });
  const result = (await job.waitUntilFinished(events, 20_000)) as WorkReportJobResult;
  const finished = await app.get(JobQueues).reports.getJob(job.id ?? '');
  return { result, attempts: finished?.attemptsMade ?? -1, job: finished?.data as WorkReportJobState | undefined };
}

async function failedReason(payload: WorkReportJobData): Promise<{ reason: string; attempts: number }> {
  const job = await app.get(JobQueues).reports.add(JobName.WorkReport, payload, { jobId: `${ledgerReportJobId(payload.reportId, payload.generation)}-bad` });
  await expect(job.waitUntilFinished(events, 20_000)).rejects.toThrow();
  const finished = await app.get(JobQueues).reports.getJob(job.id ?? '');
  return { reason: finished?.failedReason ?? '', attempts: finished?.attemptsMade ?? -1 };
}

type Recorded = { fileId: string; format: string; fileVersion: number; sizeBytes: number; checksum: { algorithm: string; value: string } };

async function recordedFiles(reportId: string): Promise<Recorded[]> {
  const stream = await h.store.readStream(streamIds.report(reportId));
  return stream.filter((e) => e.type === 'ReportFileRecorded').map((e) => e.data as Recorded);
}

const sm3 = (bytes: Buffer): string => createHash('sm3').update(bytes).digest('hex');

function textOf(xml: string): string {
  return [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/gu)].map((m) => m[1]).join('');
}

function docxTables(xml: string): string[][][] {
  return [...xml.matchAll(/<w:tbl>(.*?)<\/w:tbl>/gsu)].map((t) =>
    [...(t[1] ?? '').matchAll(/<w:tr>(.*?)<\/w:tr>/gsu)].map((row) => [...(row[1] ?? '').matchAll(/<w:tc>(.*?)<\/w:tc>/gsu)].map((c) => textOf(c[1] ?? ''))),
  );
}

async function part(zip: JSZip, name: string): Promise<string> {
  const file = zip.file(name);
  if (file === null) throw new Error(`no part ${name}`);
  return file.async('string');
}

/** The open count per day from the county campaign's date (07-26) to 08-24: 0 until 08-01, 4 from 08-02, 3 from 08-10. */
const OPEN_SERIES = [...Array<number>(7).fill(0), ...Array<number>(8).fill(4), ...Array<number>(15).fill(3)];

describe('work report job', () => {
  it('builds a county work report: .xlsx and .docx stored with their SM3, recorded once each, figures as computed by hand', async () => {
    const reportId = await requestReport();
    const { result } = await runJob(data(reportId));
    expect(result.files.map((f) => [f.format, f.fileId, f.written, f.recorded])).toEqual([
      ['xlsx', workReportFileIdOf(reportId, 1, 'xlsx'), true, true],
      ['docx', workReportFileIdOf(reportId, 1, 'docx'), true, true],
    ]);
    const recorded = await recordedFiles(reportId);
    expect(recorded.map((f) => [f.format, f.fileVersion])).toEqual([['xlsx', 1], ['docx', 2]]);
    for (const file of recorded) {
      const bytes = await readFile(join(h.storageDir, reportId, `${file.fileId}.${file.format}`));
      expect(file).toMatchObject({ sizeBytes: bytes.length, checksum: { algorithm: 'sm3', value: sm3(bytes) } });
    }

    const workbook = new Workbook();
    await workbook.xlsx.readFile(join(h.storageDir, reportId, `${result.files[0]?.fileId}.xlsx`));
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['按分项', '按乡镇（街道）', '未销号趋势']);
    const rows = (name: string, from: number, to: number): unknown[][] => {
      const sheet = workbook.getWorksheet(name);
      const out: unknown[][] = [];
      for (let n = from; n <= to; n++) out.push((sheet?.getRow(n).values as unknown[]).slice(1));
      return out;
    };
    expect(workbook.getWorksheet('按分项')?.getRow(1).getCell(1).text).toBe('禹州市巩固拓展脱贫攻坚成果排查整改专项行动工作开展情况报告（按分项，截至2023-08-24）');
    expect(rows('按分项', 3, 6)).toEqual([
      ['1. 党委政府责任落实', 1, 3, '33.3%', 0, 0, 0, 0, 0],
      ['4. 教育帮扶', 3, 6, '50.0%', 3, 1, 2, 1, 0],
      ['7. 饮水安全', 1, 3, '33.3%', 1, 0, 1, 0, 0],
      ['合计', 5, 12, '41.7%', 4, 1, 3, 1, 0],
    ]);
    expect(rows('按乡镇（街道）', 3, 5)).toEqual([
      ['褚河街道', 4, 8, '50.0%', 3, 1, 2, 1, 0],
      ['顺店镇', 1, 4, '25.0%', 1, 0, 1, 0, 0],
      ['合计', 5, 12, '41.7%', 4, 1, 3, 1, 0],
    ]);
    const series = rows('未销号趋势', 3, 32);
    expect(series[0]).toEqual(['2023-07-26', 0]);
    expect(series[29]).toEqual(['2023-08-24', 3]);
    expect(series.map((r) => r[1])).toEqual(OPEN_SERIES);

    const zip = await JSZip.loadAsync(await readFile(join(h.storageDir, reportId, `${result.files[1]?.fileId}.docx`)));
    const document = await part(zip, 'word/document.xml');
    expect(textOf(document)).toContain('截至2023-08-24，禹州市共排查 5 个村项（应排查 12 个，覆盖率 41.7%），发现问题 4 个，已销号 1 个，未销号 3 个，其中逾期未销号 1 个，屡改屡犯 0 个。');
    const [bySubArea, byChild] = docxTables(document);
    expect(bySubArea?.slice(1)).toEqual([
      ['1. 党委政府责任落实', '1/3', '33.3%', '0', '0', '0', '0', '0'],
      ['4. 教育帮扶', '3/6', '50.0%', '3', '1', '2', '1', '0'],
      ['7. 饮水安全', '1/3', '33.3%', '1', '0', '1', '0', '0'],
      ['合计', '5/12', '41.7%', '4', '1', '3', '1', '0'],
    ]);
    expect(byChild?.map((row) => row[0])).toEqual(['乡镇（街道）', '褚河街道', '顺店镇', '合计']);
    const chart = await part(zip, 'word/charts/chart1.xml');
    const values = /<c:numCache>(.*?)<\/c:numCache>/su.exec(chart)?.[1] ?? '';
    expect([...values.matchAll(/<c:v>([^<]*)<\/c:v>/gu)].map((m) => Number(m[1]))).toEqual(OPEN_SERIES);
    // the embedded workbook is the stored .xlsx
    expect((await zip.file('word/embeddings/Microsoft_Excel_Worksheet.xlsx')?.async('nodebuffer'))?.equals(await readFile(join(h.storageDir, reportId, `${result.files[0]?.fileId}.xlsx`)))).toBe(true);

    const report = await app.get(ReportCommandService).load(reportId, county);
    expect(report.state.status).toBe('file_recorded');
    expect(report.state.files[report.state.files.length - 1]?.format).toBe('docx');
    expect((await app.get(JobQueues).reports.getJob(ledgerReportJobId(reportId, 1)))?.progress).toBe(100);
  });

  it('a job that crashes between recording the .xlsx and the .docx retries with the kept figures: two files, two events', async () => {
    const reportId = await requestReport();
    const service = app.get(ReportCommandService);
    const original = service.recordFile.bind(service);
    let calls = 0;
    const spy = jest.spyOn(service, 'recordFile').mockImplementation(async (...args) => {
      calls++;
      if (calls === 2) throw new Error('worker killed before recording the docx');
      return original(...args);
    });
    try {
      const { result, attempts, job } = await runJob(data(reportId));
      expect(attempts).toBe(2);
      expect(result.files.map((f) => [f.format, f.written, f.recorded])).toEqual([
        ['xlsx', false, false],
        ['docx', false, true],
      ]);
      expect(job?.stats?.total).toMatchObject({ problems: 4, open: 3, checkedCells: 5, expectedCells: 12 });
    } finally {
      spy.mockRestore();
    }
    expect((await readdir(join(h.storageDir, reportId))).sort()).toEqual([`${workReportFileIdOf(reportId, 1, 'docx')}.docx`, `${workReportFileIdOf(reportId, 1, 'xlsx')}.xlsx`].sort());
    expect((await recordedFiles(reportId)).map((f) => f.format)).toEqual(['xlsx', 'docx']);
  });

  it('the same generation run again (a second job) writes and records nothing new', async () => {
    const reportId = await requestReport();
    const first = await runJob(data(reportId));
    const again = await runJob(data(reportId), `${ledgerReportJobId(reportId, 1)}-again`);
    expect(again.result.files.map((f) => [f.written, f.recorded, f.checksum])).toEqual(first.result.files.map((f) => [false, false, f.checksum]));
    expect(await recordedFiles(reportId)).toHaveLength(2);
    expect(await readdir(join(h.storageDir, reportId))).toHaveLength(2);

    // the next generation (after a return, or a regeneration) is two new files; the first two stay
    const second = await runJob(data(reportId, county, { generation: 2, asOf: '2023-08-25' }));
    expect(second.result.files.map((f) => [f.fileId, f.written, f.recorded])).toEqual([
      [workReportFileIdOf(reportId, 2, 'xlsx'), true, true],
      [workReportFileIdOf(reportId, 2, 'docx'), true, true],
    ]);
    expect((await recordedFiles(reportId)).map((f) => [f.format, f.fileVersion])).toEqual([['xlsx', 1], ['docx', 2], ['xlsx', 3], ['docx', 4]]);
  });

  it('a township work report counts by village (names from the read model)', async () => {
    const reportId = await requestReport('work', inspector);
    const { result } = await runJob(data(reportId, inspector));
    const workbook = new Workbook();
    await workbook.xlsx.readFile(join(h.storageDir, reportId, `${result.files[0]?.fileId}.xlsx`));
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['按分项', '按村（社区）', '未销号趋势']);
    const sheet = workbook.getWorksheet('按村（社区）');
    expect([3, 4, 5].map((n) => (sheet?.getRow(n).values as unknown[]).slice(1))).toEqual([
      ['王庄村', 3, 4, '75.0%', 3, 1, 2, 1, 0],
      ['李庄村', 1, 4, '25.0%', 0, 0, 0, 0, 0],
      ['合计', 4, 8, '50.0%', 3, 1, 2, 1, 0],
    ]);
  });

  it('refuses for good: a ledger report, a missing report date', async () => {
    const ledger = await requestReport('ledger');
    expect(await failedReason(data(ledger))).toEqual({ reason: expect.stringContaining('is a ledger report') as string, attempts: 1 });
    const work = await requestReport();
    expect(await failedReason({ ...data(work), asOf: '2023-02-30' })).toEqual({ reason: expect.stringContaining('asOf must be a date') as string, attempts: 1 });
    expect(await recordedFiles(work)).toEqual([]);
  });
});
