import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ManualClock, ReportCommandService } from '@rectify/ledger-application';
import { streamIds } from '@rectify/ledger-domain';
import { LedgerEntryEntity } from '@rectify/ledger-read-model';
import { QueueEvents } from 'bullmq';
import { Workbook } from 'exceljs';
import { JobName, JobQueues, QueueName } from '@rectify/jobs';
import { ledgerReportJobId, reportFileIdOf, type LedgerReportJobData, type LedgerReportJobResult } from './jobs/ledger-report.job';
import { WorkerHarness, county, ctx, inspector, refOf, reviewer, type Chain } from './testing/worker-harness.int-spec';
import { WorkerModule } from './worker.module';

let h: WorkerHarness;
let chain: Chain;
let app: INestApplicationContext;
let events: QueueEvents;
const entries: string[] = [];

beforeAll(async () => {
  h = await WorkerHarness.create();
  chain = await h.givenChain();
  entries.push(await h.plannedEntry(chain.township, 5, '3户脱贫户幼儿未享受低保生活补助'));
  entries.push(await h.plannedEntry(chain.township, 5, '1户幼儿保教费未减免'));
  entries.push(await h.plannedEntry(chain.township, 21, '自来水管网老化，部分农户饮水不稳定'));
  h.clock.set('2023-08-10T02:00:00Z');
  await h.ledger.entry({ type: 'SubmitResult', entryId: entries[0] ?? '', result: '已向3户补发低保生活补助共1800元，附发放凭证', evidenceRefs: ['file-1'] }, ctx(inspector));
  await h.ledger.entry({ type: 'ApproveSignOff', entryId: entries[0] ?? '' }, ctx(reviewer));
  await h.project();
  app = await NestFactory.createApplicationContext(WorkerModule.forRoot(h.config(), { clock: new ManualClock('2023-08-24T02:00:00Z'), schedule: false }), { logger: false });
  await app.init();
  events = new QueueEvents(QueueName.Reports, { connection: { url: h.config().redisUrl }, prefix: h.queuePrefix });
  await events.waitUntilReady();
});

afterAll(async () => {
  await events.close();
  await app.close();
  await h.close();
});

async function requestReport(scope = inspector): Promise<string> {
  h.clock.set('2023-08-24T01:00:00Z');
  const campaignId = scope === inspector ? chain.township : chain.county;
  const { reportId } = await h.reports.request({ type: 'RequestReport', kind: 'ledger', scope: refOf(scope), campaignId }, ctx(scope));
  return reportId;
}

async function runJob(data: LedgerReportJobData): Promise<{ result: LedgerReportJobResult; attempts: number }> {
  const job = await app.get(JobQueues).reports.add(JobName.LedgerReport, data, { jobId: ledgerReportJobId(data.reportId, data.generation) });
  const result = (await job.waitUntilFinished(events, 20_000)) as LedgerReportJobResult;
  const finished = await app.get(JobQueues).reports.getJob(job.id ?? '');
  return { result, attempts: finished?.attemptsMade ?? -1 };
}

async function recordedFiles(reportId: string): Promise<{ fileId: string; checksum: { value: string }; sizeBytes: number }[]> {
  const stream = await h.store.readStream(streamIds.report(reportId));
  return stream.filter((e) => e.type === 'ReportFileRecorded').map((e) => e.data as { fileId: string; checksum: { value: string }; sizeBytes: number });
}

const sm3 = (bytes: Buffer): string => createHash('sm3').update(bytes).digest('hex');

describe('ledger report job', () => {
  it('builds the township ledger: the stored file matches the recorded checksum and its rows match the read model', async () => {
    const reportId = await requestReport();
    const { result } = await runJob({ tenant: refOf(inspector), reportId, generation: 1 });
    expect(result).toMatchObject({ reportId, fileId: reportFileIdOf(reportId, 1), written: true, recorded: true });

    const [recorded, ...more] = await recordedFiles(reportId);
    expect(more).toEqual([]);
    const path = join(h.storageDir, reportId, `${result.fileId}.xlsx`);
    const bytes = await readFile(path);
    expect(recorded).toMatchObject({ fileId: result.fileId, sizeBytes: bytes.length, checksum: { algorithm: 'sm3', value: sm3(bytes) } });

    const workbook = new Workbook();
    await workbook.xlsx.readFile(path);
    const sheet = workbook.worksheets[0];
    if (!sheet) throw new Error('no sheet');
    const problems: { problem: string; signedOff: string; measures: string }[] = [];
    sheet.eachRow((row, n) => {
      const problem = row.getCell(7).text;
      if (n > 2 && problem !== '') problems.push({ problem, measures: row.getCell(8).text, signedOff: row.getCell(11).text });
    });
    const rows = await h.dataSource.getRepository(LedgerEntryEntity).find({ where: { campaignId: chain.township }, order: { itemNo: 'ASC', entryId: 'ASC' } });
    expect(rows).toHaveLength(3);
    expect(problems).toEqual(
      rows.map((r) => ({ problem: `【${r.villageCode}】${r.description}`, measures: r.measures ?? '', signedOff: r.status === 'signed_off' ? '是' : '否' })),
    );
    const progress = await app.get(JobQueues).reports.getJob(ledgerReportJobId(reportId, 1));
    expect(progress?.progress).toBe(100);
  });

  it('a job that crashes after writing the file, before recording it, retries without a second file or event', async () => {
    const reportId = await requestReport();
    const service = app.get(ReportCommandService);
    const spy = jest.spyOn(service, 'recordFile').mockImplementationOnce(() => Promise.reject(new Error('worker killed before recording')));
    try {
      const { result, attempts } = await runJob({ tenant: refOf(inspector), reportId, generation: 1 });
      expect(attempts).toBe(2);
      expect(result).toMatchObject({ written: false, recorded: true });
    } finally {
      spy.mockRestore();
    }
    expect(await readdir(join(h.storageDir, reportId))).toEqual([`${reportFileIdOf(reportId, 1)}.xlsx`]);
    const files = await recordedFiles(reportId);
    expect(files).toHaveLength(1);
    expect(files[0]?.checksum.value).toBe(sm3(await readFile(join(h.storageDir, reportId, `${reportFileIdOf(reportId, 1)}.xlsx`))));
  });

  it('a job that crashes after recording retries as a replay: one file, one event', async () => {
    const reportId = await requestReport();
    const service = app.get(ReportCommandService);
    const original = service.recordFile.bind(service);
    const spy = jest.spyOn(service, 'recordFile').mockImplementationOnce(async (...args) => {
      await original(...args);
      throw new Error('worker killed after recording');
    });
    try {
      const { result, attempts } = await runJob({ tenant: refOf(inspector), reportId, generation: 1 });
      expect(attempts).toBe(2);
      expect(result).toMatchObject({ written: false, recorded: false });
    } finally {
      spy.mockRestore();
    }
    expect(await readdir(join(h.storageDir, reportId))).toHaveLength(1);
    expect(await recordedFiles(reportId)).toHaveLength(1);
  });

  it('builds a county ledger with a summary sheet and one sheet per township', async () => {
    const reportId = await requestReport(county);
    const { result } = await runJob({ tenant: refOf(county), reportId, generation: 1 });
    const workbook = new Workbook();
    await workbook.xlsx.readFile(join(h.storageDir, reportId, `${result.fileId}.xlsx`));
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['汇总', '411081005', '411081100']);
    expect((await recordedFiles(reportId))[0]?.checksum.value).toBe(result.checksum);
  });
});
