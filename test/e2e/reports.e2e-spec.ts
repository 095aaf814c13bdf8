import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dropSchema, testDatabaseUrl, uniqueName } from '@rectify/shared-testing';
import { Role } from '@rectify/tenancy';
import { xuchangCampaign, xuchangChecklist } from '@rectify/seeds';
import { Workbook } from 'exceljs';
import JSZip from 'jszip';
import { Pool } from 'pg';
import { xuchangIssueInput } from './campaign-fixtures';
import { startApi, type GraphqlResponse, type RunningApi } from './api-harness';
import { startWorker, type RunningWorker } from './worker-harness';

const CHUHE = '411081005';
const VILLAGE_A = '411081005001';
const CHUHE_PATH = `411000/411081/${CHUHE}`;
const FIXTURES = join(__dirname, '..', '..', 'libs', 'reports', 'test', 'fixtures');
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const key = (): string => randomUUID();
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function data<T>(res: GraphqlResponse<T>): T {
  if (res.errors || !res.data) throw new Error(JSON.stringify(res.errors ?? res));
  return res.data;
}

interface Job {
  jobId: string;
  generation: number;
  state: string;
  progress: number;
  attemptsMade: number;
  failedReason: string | null;
  fileId: string | null;
}
interface Report {
  id: string;
  status: string;
  version: number;
  tenantPath: string;
  files: { fileId: string; checksum: string; checksumAlgorithm: string; downloadPath: string; sizeBytes: number }[];
  submissions: { submission: number; late: boolean; outcome: string | null; comments: string | null; toTenantPath: string; checksum: string }[];
}
interface ChildStatus {
  tenantPath: string;
  tenantName: string | null;
  childCampaignId: string;
  reportId: string | null;
  status: string | null;
}

const JOB = 'jobId generation state progress attemptsMade failedReason fileId';
const REPORT = 'id status version tenantPath files { fileId checksum checksumAlgorithm downloadPath sizeBytes } submissions { submission late outcome comments toTenantPath checksum }';
const PAYLOAD = `report { ${REPORT} } replayed job { ${JOB} }`;

describe('reports over HTTP with a real worker process', () => {
  const databaseUrl = testDatabaseUrl();
  const suffix = uniqueName('e2erep');
  // the worker must read the same event store and read model as the API: the schemas are named here
  const schemas = { EVENT_STORE_SCHEMA: `${suffix}_es`, READ_MODEL_SCHEMA: `${suffix}_rm` };
  const storage = mkdtempSync(join(tmpdir(), 'rectify-e2e-reports-'));
  const shared = {
    REDIS_URL: process.env['REDIS_URL'] || 'redis://127.0.0.1:6379',
    QUEUE_PREFIX: `e2e-${randomUUID().slice(0, 8)}`,
    REPORT_STORAGE_DIR: storage,
    JOB_BACKOFF_MS: '200',
  };
  let api: RunningApi;
  let worker: RunningWorker | undefined;
  let city: string;
  let yuzhou: string;
  let inspector: string;
  let yanling: string;
  let yuzhouCampaignId = '';
  let chuheCampaignId = '';
  let reportId = '';

  beforeAll(async () => {
    api = await startApi('2023-07-25T02:00:00Z', { ...schemas, ...shared });
    worker = await startWorker({ DATABASE_URL: databaseUrl, ...schemas, ...shared });
    await api.createUser('xc.reviewer', '411000', [Role.Reviewer], '许昌市审核人');
    await api.createUser('yz.reviewer', '411081', [Role.Reviewer], '禹州市审核人');
    await api.createUser('ch.inspector', CHUHE, [Role.Inspector], '褚河排查员');
    await api.createUser('yl.reviewer', '411024', [Role.Reviewer, Role.Auditor, Role.Inspector], '鄢陵县审核人');
    [city, yuzhou, inspector, yanling] = await Promise.all(['xc.reviewer', 'yz.reviewer', 'ch.inspector', 'yl.reviewer'].map((u) => api.login(u)));
  }, 60_000);

  afterAll(async () => {
    const failures: unknown[] = [];
    for (const step of [() => worker?.close(), () => api?.close()]) {
      try {
        await step();
      } catch (error) {
        failures.push(error);
      }
    }
    const admin = new Pool({ connectionString: databaseUrl, max: 1 });
    for (const schema of Object.values(schemas)) await dropSchema(admin, schema);
    await admin.end();
    rmSync(storage, { recursive: true, force: true });
    if (failures.length > 0) throw failures[0];
  }, 30_000);

  async function jobDone(generation: number): Promise<Job> {
    const deadline = Date.now() + 20_000;
    let job: Job | undefined;
    while (Date.now() < deadline) {
      job = data(await api.gql<{ reportJob: Job }>(`query($id: ID!) { reportJob(reportId: $id) { ${JOB} } }`, { id: reportId }, inspector)).reportJob;
      if (job.generation === generation && (job.state === 'completed' || job.state === 'failed') && (job.state === 'failed' || job.fileId)) break;
      await sleep(200);
    }
    if (job?.state !== 'completed') throw new Error(`report job g${generation} did not complete: ${JSON.stringify(job)}\nworker:\n${worker?.output().slice(-3000)}`);
    return job;
  }

  const loadReport = async (token = inspector): Promise<Report> =>
    data(await api.gql<{ ledgerReport: Report }>(`query($id: ID!) { ledgerReport(reportId: $id) { ${REPORT} } }`, { id: reportId }, token)).ledgerReport;

  /** reportsNotSubmitted reads the read model (projected asynchronously): polled until it shows `expected`, or its last answer. */
  async function notSubmitted(expected: (rows: ChildStatus[]) => boolean = () => true): Promise<ChildStatus[]> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const rows = data(
        await api.gql<{ reportsNotSubmitted: ChildStatus[] }>(
          `query($id: ID!) { reportsNotSubmitted(campaignId: $id) { tenantPath tenantName childCampaignId reportId status } }`,
          { id: yuzhouCampaignId },
          yuzhou,
        ),
      ).reportsNotSubmitted;
      if (expected(rows) || Date.now() > deadline) return rows;
      await sleep(100);
    }
  }
  const none = (rows: ChildStatus[]): boolean => rows.length === 0;

  const download = (fileId: string, token: string | null, id = reportId) =>
    fetch(`${api.url}/reports/${id}/files/${fileId}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

  const entryCount = async (): Promise<number> =>
    data(
      await api.gql<{ ledgerEntries: { edges: unknown[] } }>(`query($f: LedgerEntryFilterInput) { ledgerEntries(first: 100, filter: $f) { edges { node { id } } } }`, { f: { campaignId: chuheCampaignId } }, inspector),
    ).ledgerEntries.edges.length;

  it('许昌市 issues the campaign, 禹州市 receives it and forwards it to 褚河街道, which records problems', async () => {
    const items = xuchangChecklist.map((i) => ({ ...i, responsibleUnits: [...i.responsibleUnits] }));
    const defined = data(
      await api.gql<{ defineChecklistVersion: { versionId: string } }>(
        `mutation($input: DefineChecklistVersionInput!) { defineChecklistVersion(input: $input) { versionId } }`,
        { input: { idempotencyKey: key(), label: xuchangCampaign.checklistTitle, items } },
        city,
      ),
    ).defineChecklistVersion;
    const campaignId = data(
      await api.gql<{ issueCampaign: { campaignId: string } }>(
        `mutation($input: IssueCampaignInput!) { issueCampaign(input: $input) { campaignId } }`,
        { input: xuchangIssueInput(defined.versionId, key()) },
        city,
      ),
    ).issueCampaign.campaignId;

    api.setClock('2023-07-27T02:00:00Z');
    const forward = (token: string, parent: string, childTenantCode: string, issuedOn: string, reportDueDate: string) =>
      api.gql<{ forwardCampaign: { childCampaignId: string } }>(
        `mutation($input: ForwardCampaignInput!) { forwardCampaign(input: $input) { childCampaignId } }`,
        { input: { idempotencyKey: key(), waitForProjection: true, campaignId: parent, childTenantCode, issuedOn, reportDueDate } },
        token,
      );
    yuzhouCampaignId = data(await forward(city, campaignId, '411081', '2023-07-27', '2023-08-25')).forwardCampaign.childCampaignId;
    chuheCampaignId = data(await forward(yuzhou, yuzhouCampaignId, CHUHE, '2023-07-28', '2023-08-25')).forwardCampaign.childCampaignId;

    api.setClock('2023-08-01T02:00:00Z');
    for (const [itemNo, description] of [
      [5, '该村2名在园幼儿未享受生活费补助'],
      [12, '该村1户脱贫户安全饮水水质检测报告缺失'],
    ] as const) {
      data(
        await api.gql(
          `mutation($input: RecordProblemInput!) { recordProblem(input: $input) { entryId projected } }`,
          { input: { idempotencyKey: key(), waitForProjection: true, campaignId: chuheCampaignId, villageCode: VILLAGE_A, itemNo, description, foundBy: '张三', foundAt: '2023-08-01T01:00:00Z' } },
          inspector,
        ),
      );
    }
    expect(await entryCount()).toBe(2);
  });

  it('禹州市 sees 褚河街道 among the children that have not submitted', async () => {
    expect(await notSubmitted()).toEqual([{ tenantPath: CHUHE_PATH, tenantName: '褚河街道', childCampaignId: chuheCampaignId, reportId: null, status: null }]);
  });

  it('褚河街道 requests its ledger; the worker builds the file; the download matches its SM3 and stays inside the scope', async () => {
    const requested = data(
      await api.gql<{ requestLedgerReport: { report: Report; replayed: boolean; job: Job } }>(
        `mutation($input: RequestLedgerReportInput!) { requestLedgerReport(input: $input) { ${PAYLOAD} } }`,
        { input: { campaignId: chuheCampaignId, idempotencyKey: key() } },
        inspector,
      ),
    ).requestLedgerReport;
    reportId = requested.report.id;
    expect(requested.report.tenantPath).toBe(CHUHE_PATH);
    expect(requested.job).toMatchObject({ generation: 1 });

    const job = await jobDone(1);
    expect(job).toMatchObject({ state: 'completed', progress: 100, generation: 1 });
    const report = await loadReport();
    expect(report.status).toBe('FILE_RECORDED');
    expect(report.files).toHaveLength(1);
    const [file] = report.files;
    expect(file.fileId).toBe(job.fileId);
    expect(file.checksumAlgorithm).toBe('sm3');

    const response = await download(file.fileId, inspector);
    expect(response.status).toBe(200);
    const bytes = Buffer.from(await response.arrayBuffer());
    const sm3 = createHash('sm3').update(bytes).digest('hex');
    expect(response.headers.get('x-checksum-algorithm')).toBe('sm3');
    expect(response.headers.get('x-checksum')).toBe(sm3);
    expect(sm3).toBe(file.checksum);
    expect(bytes.length).toBe(file.sizeBytes);
    expect(bytes.subarray(0, 2).toString()).toBe('PK');

    const foreign = await download(file.fileId, yanling);
    const unknown = await download(randomUUID(), yanling, randomUUID());
    expect(foreign.status).toBe(404);
    expect(unknown.status).toBe(404);
    const foreignBody = (await foreign.json()) as { code: string };
    expect(foreignBody).toMatchObject({ code: 'NOT_FOUND' });
    expect(foreignBody).toEqual(await unknown.json());
    expect((await download(file.fileId, null)).status).toBe(401);
  });

  it('褚河街道 submits late; 禹州市 returns it; a regenerated file is submitted again and accepted', async () => {
    api.setClock('2023-08-26T02:00:00Z');
    const command = async <K extends string>(mutation: K, type: string, input: Record<string, unknown>, token: string): Promise<Report> => {
      const current = await loadReport(token);
      const res = await api.gql<Record<K, { report: Report }>>(
        `mutation($input: ${type}!) { ${mutation}(input: $input) { ${PAYLOAD} } }`,
        { input: { reportId, expectedVersion: current.version, idempotencyKey: key(), ...input } },
        token,
      );
      return data(res)[mutation].report;
    };

    const submitted = await command('submitReport', 'SubmitReportInput', {}, inspector);
    expect(submitted.status).toBe('SUBMITTED');
    expect(submitted.submissions).toEqual([expect.objectContaining({ submission: 1, late: true, outcome: null, toTenantPath: '411000/411081', checksum: submitted.files[0].checksum })]);
    expect(await notSubmitted(none)).toEqual([]);

    const returned = await command('returnReport', 'ReturnReportInput', { comments: '缺少整改措施，请补充后重新报送' }, yuzhou);
    expect(returned.status).toBe('RETURNED');
    expect(returned.submissions[0]).toMatchObject({ outcome: 'returned', comments: '缺少整改措施，请补充后重新报送' });
    expect(await notSubmitted((rows) => rows[0]?.status === 'RETURNED')).toEqual([expect.objectContaining({ tenantPath: CHUHE_PATH, reportId, status: 'RETURNED' })]);

    const regenerated = data(
      await api.gql<{ regenerateReport: { job: Job } }>(`mutation($id: ID!) { regenerateReport(reportId: $id) { ${PAYLOAD} } }`, { id: reportId }, inspector),
    ).regenerateReport;
    expect(regenerated.job).toMatchObject({ generation: 2 });
    const second = await jobDone(2);
    expect(second.progress).toBe(100);
    const withTwo = await loadReport();
    expect(withTwo.files.map((f) => f.fileId)).toEqual([withTwo.files[0].fileId, second.fileId]);
    const response = await download(second.fileId ?? '', inspector);
    expect(response.status).toBe(200);
    expect(response.headers.get('x-checksum')).toBe(createHash('sm3').update(Buffer.from(await response.arrayBuffer())).digest('hex'));

    const resubmitted = await command('submitReport', 'SubmitReportInput', {}, inspector);
    expect(resubmitted.submissions).toHaveLength(2);
    expect(resubmitted.submissions[1]).toMatchObject({ submission: 2, late: true, checksum: withTwo.files[1].checksum });
    const accepted = await command('acceptReport', 'AcceptReportInput', { comment: '同意' }, yuzhou);
    expect(accepted.status).toBe('ACCEPTED');
    expect(accepted.submissions[1].outcome).toBe('accepted');
    expect(await notSubmitted(none)).toEqual([]);
  });

  it('褚河街道 requests a work report: the worker records an .xlsx and a .docx with a chart; both download with their SM3, inside the scope only', async () => {
    const requested = data(
      await api.gql<{ requestLedgerReport: { report: { id: string; kind: string }; job: Job } }>(
        `mutation($input: RequestLedgerReportInput!) { requestLedgerReport(input: $input) { report { id kind } job { ${JOB} } } }`,
        { input: { campaignId: chuheCampaignId, kind: 'WORK', idempotencyKey: key() } },
        inspector,
      ),
    ).requestLedgerReport;
    expect(requested.report.kind).toBe('work');
    const workId = requested.report.id;
    type WorkJob = Job & { fileIds: string[] };
    let job: WorkJob | undefined;
    for (const deadline = Date.now() + 20_000; Date.now() < deadline; await sleep(200)) {
      job = data(await api.gql<{ reportJob: WorkJob }>(`query($id: ID!) { reportJob(reportId: $id) { ${JOB} fileIds } }`, { id: workId }, inspector)).reportJob;
      if (job.state === 'failed' || (job.state === 'completed' && job.fileId)) break;
    }
    expect(job).toMatchObject({ state: 'completed', progress: 100, generation: 1 });
    const files = data(
      await api.gql<{ ledgerReport: { files: { fileId: string; format: string; checksum: string }[] } }>(
        `query($id: ID!) { ledgerReport(reportId: $id) { files { fileId format checksum } } }`,
        { id: workId },
        inspector,
      ),
    ).ledgerReport.files;
    expect(files.map((f) => f.format)).toEqual(['xlsx', 'docx']);
    expect(job?.fileIds).toEqual(files.map((f) => f.fileId));
    expect(job?.fileId).toBe(files[1]?.fileId);

    for (const file of files) {
      const response = await download(file.fileId, inspector, workId);
      expect(response.status).toBe(200);
      const bytes = Buffer.from(await response.arrayBuffer());
      expect(createHash('sm3').update(bytes).digest('hex')).toBe(file.checksum);
      expect(response.headers.get('content-type')).toContain(file.format === 'docx' ? 'wordprocessingml' : 'spreadsheetml');
      if (file.format === 'docx') {
        const zip = await JSZip.loadAsync(bytes);
        const document = (await zip.file('word/document.xml')?.async('string')) ?? '';
        const text = [...document.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/gu)].map((m) => m[1]).join('');
        // the two problems recorded on 08-01, neither planned nor signed off, as of the API's date (08-26)
        expect(text).toContain('截至2023-08-26，褚河街道');
        expect(text).toContain('发现问题 2 个，已销号 0 个，未销号 2 个，其中逾期未销号 0 个，屡改屡犯 0 个。');
        expect(await zip.file('word/charts/chart1.xml')?.async('string')).toContain('<c:lineChart>');
      }
    }
    expect((await download(files[1]?.fileId ?? '', yanling, workId)).status).toBe(404);
  });

  describe('the Excel ledger import', () => {
    const upload = (file: string | Buffer, token: string) =>
      fetch(`${api.url}/imports/ledger?campaignId=${encodeURIComponent(chuheCampaignId)}&villageCode=${VILLAGE_A}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': XLSX },
        body: typeof file === 'string' ? readFileSync(join(FIXTURES, file)) : file,
      });

    type ImportJob = { state: string; totalRows: number; doneRows: number; createdEntries: number; alreadyImportedRows: number; changedRows: number; changedRowNotes: string[]; startedBy: string; failedReason: string | null };

    async function importDone(importId: string): Promise<ImportJob> {
      const deadline = Date.now() + 20_000;
      for (;;) {
        const job = data(
          await api.gql<{ importJob: ImportJob }>(
            `query($id: ID!) { importJob(id: $id) { state totalRows doneRows progress createdEntries alreadyImportedRows changedRows changedRowNotes startedBy failedReason } }`,
            { id: importId },
            inspector,
          ),
        ).importJob;
        if (job.state !== 'running' || Date.now() > deadline) return job;
        await sleep(200);
      }
    }

    it('imports the ok ledger once; uploading it again creates nothing new', async () => {
      const before = await entryCount();
      const first = await upload('ok/township-ledger.xlsx', inspector);
      expect(first.status).toBe(202);
      const started = (await first.json()) as { importId: string };
      const done = await importDone(started.importId);
      expect(done).toMatchObject({ state: 'completed', totalRows: 3, doneRows: 3, createdEntries: 3, alreadyImportedRows: 0, changedRows: 0, startedBy: '褚河排查员', failedReason: null });
      await sleep(500); // the in-process projector
      expect(await entryCount()).toBe(before + 3);

      // The same file again is the same import (its id derives from the file): it answers with the
      // finished job and runs nothing; the entries are still the three from the first upload.
      const again = await upload('ok/township-ledger.xlsx', inspector);
      expect(again.status).toBe(202);
      const repeated = (await again.json()) as { importId: string; repeated: boolean };
      expect(repeated).toMatchObject({ importId: started.importId, repeated: true });
      await expect(importDone(repeated.importId)).resolves.toMatchObject({ state: 'completed', createdEntries: 3 });
      await sleep(500);
      expect(await entryCount()).toBe(before + 3);
    });

    it('another user of 褚河街道 uploading the same file finds that import; a changed file creates only its new row and reports the changed one', async () => {
      const before = await entryCount();
      await api.createUser('ch.inspector2', CHUHE, [Role.Inspector], '褚河排查员二');
      const colleague = await api.login('ch.inspector2');
      const same = await upload('ok/township-ledger.xlsx', colleague);
      expect(same.status).toBe(202);
      expect(await same.json()).toMatchObject({ repeated: true, state: 'completed', createdEntries: 3, startedBy: '褚河排查员', message: expect.stringContaining('同一文件已导入') as string });

      const workbook = new Workbook();
      await workbook.xlsx.readFile(join(FIXTURES, 'ok', 'township-ledger.xlsx'));
      const sheet = workbook.getWorksheet('褚河街道');
      if (!sheet) throw new Error('no sheet');
      sheet.getRow(4).getCell(8).value = '核对资助名册，补录遗漏学生并于九月底前补发到位';
      sheet.getRow(6).values = [null, null, null, 5, sheet.getRow(5).getCell(5).text, '市教体局，各乡镇（褚河街道）', '【褚河村】1名幼儿保教费未减免', '核对名册，退还已收保教费并公示', '2023年10月15日', null, '否'];
      const changed = await upload(Buffer.from(await workbook.xlsx.writeBuffer()), colleague);
      expect(changed.status).toBe(202);
      const started = (await changed.json()) as { importId: string; repeated: boolean };
      expect(started.repeated).toBe(false);
      expect(await importDone(started.importId)).toMatchObject({
        state: 'completed',
        totalRows: 4,
        createdEntries: 1,
        alreadyImportedRows: 3,
        changedRows: 1,
        changedRowNotes: ['褚河街道 第4行：整改措施与已导入的不一致，未覆盖'],
        startedBy: '褚河排查员二',
      });
      await sleep(500);
      expect(await entryCount()).toBe(before + 1);
    });

    it('refuses the not-ok ledger with 422 and the rows and columns at fault, writing nothing', async () => {
      const before = await entryCount();
      const res = await upload('not-ok/bad-rows.xlsx', inspector);
      expect(res.status).toBe(422);
      const body = (await res.json()) as { code: string; details: { errors: { sheet: string; row: number; column: string; reason: string }[] } };
      expect(body.code).toBe('IMPORT_ROWS_INVALID');
      expect(body.details.errors.length).toBeGreaterThan(0);
      for (const error of body.details.errors) {
        expect(error).toEqual(expect.objectContaining({ sheet: '褚河街道', row: expect.any(Number), column: expect.any(String), reason: expect.any(String) }));
      }
      const rows = new Set(body.details.errors.map((e) => e.row));
      expect(rows.has(2 + 2)).toBe(true); // the second data row: item 99 does not exist
      await sleep(500);
      expect(await entryCount()).toBe(before);
    });
  });
});
