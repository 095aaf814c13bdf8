import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Tally, YUZHOU_PATH, auditAnswer, data, key, postGraphql, seedCounties, startHostileApi, type Fixture, type HostileApi } from './hostile-support';

/**
 * Part 7 of #8, tamper: rows of the event store are edited, deleted, reordered and moved to another
 * county straight in PostgreSQL (as someone with database access would), and the verification an
 * auditor runs — `verifyChain` over GraphQL and `npm run audit -- verify` — catches each one and
 * names the first broken event. The event store's own tests (libs/event-store/postgres) do this on
 * the store; here it goes end to end through the running API and the CLI.
 */

const ROOT = join(__dirname, '..', '..', '..');
const run = promisify(execFile);

interface Break {
  streamId: string;
  streamVersion: number;
  eventId: string | null;
  reason: string;
}
interface Verification {
  ok: boolean;
  eventsChecked: number;
  firstBreak: Break | null;
  breaks: Break[];
}

const VERIFY = `query($scope: VerifyScope!, $id: String) { verifyChain(scope: $scope, id: $id) { ok eventsChecked firstBreak { streamId streamVersion eventId reason } breaks { streamId streamVersion eventId reason } } }`;

describe('tampering with the event store is caught through the API and the CLI', () => {
  let api: HostileApi;
  let f: Fixture;
  let events: string;
  const tally = new Tally('tamper');
  const caught: Record<string, { graphql: string; cli: string }> = {};

  beforeAll(async () => {
    api = await startHostileApi();
    f = await seedCounties(api);
    events = `${api.schemas.EVENT_STORE_SCHEMA}.events`;
    // a third event on the first entry, so one can be deleted from the middle
    data(
      await api.gql(`mutation($input: ReportProgressInput!) { reportProgress(input: $input) { version } }`, { input: { idempotencyKey: key(), entryId: f.entries[0].id, note: '施工队已进场' } }, f.tokens.chuhe),
    );
  }, 300_000);

  afterAll(async () => {
    tally.publish({ tamperCases: Object.keys(caught).length, caught });
    await api?.shutdown();
  });

  async function verify(scope: 'STREAM' | 'TENANT' | 'ALL', id: string | null, token = f.tokens.yuzhou): Promise<Verification> {
    const r = await postGraphql(api, { query: VERIFY, variables: { scope, id } }, token);
    const verdict = tally.record(`verifyChain ${scope}`, auditAnswer(r.status, r.text, Object.values(api.schemas)));
    expect(verdict.problems).toEqual([]);
    expect(verdict.codes).toEqual([]);
    return (r.json as { data: { verifyChain: Verification } }).data.verifyChain;
  }

  /** `npm run audit -- verify [args]`: its exit code and the JSON it prints. */
  async function cli(args: string[] = []): Promise<{ exitCode: number; result: Verification }> {
    const env = { PATH: process.env['PATH'], DATABASE_URL: api.databaseUrl, EVENT_STORE_SCHEMA: api.schemas.EVENT_STORE_SCHEMA };
    try {
      const { stdout } = await run(process.execPath, ['-r', './tools/register.js', 'libs/event-store/postgres/src/cli/audit.ts', 'verify', ...args], { cwd: ROOT, env });
      return { exitCode: 0, result: JSON.parse(stdout) as Verification };
    } catch (error) {
      const failed = error as { code?: number; stdout?: string; stderr?: string };
      if (typeof failed.code !== 'number' || !failed.stdout) throw error;
      return { exitCode: failed.code, result: JSON.parse(failed.stdout) as Verification };
    }
  }

  async function eventId(streamId: string, version: number): Promise<string> {
    const { rows } = await api.db.query<{ id: string }>(`SELECT event_id::text AS id FROM ${events} WHERE stream_id = $1 AND stream_version = $2`, [streamId, version]);
    return rows[0].id;
  }

  it('an untouched log verifies, through the API (stream, tenant, all) and the CLI', async () => {
    const stream = `entry-${f.entries[0].id}`;
    expect(await verify('STREAM', stream)).toMatchObject({ ok: true, eventsChecked: 3, firstBreak: null });
    expect(await verify('TENANT', YUZHOU_PATH)).toMatchObject({ ok: true, firstBreak: null });
    expect(await verify('ALL', null, f.tokens.platform)).toMatchObject({ ok: true, firstBreak: null });
    const { exitCode, result } = await cli();
    expect({ exitCode, ok: result.ok }).toEqual({ exitCode: 0, ok: true });
    expect(result.eventsChecked).toBe(await api.countEvents());
  });

  /** A tamper case: `tamper` edits rows of `stream()` and returns the break verification must report. */
  function tamperCase(name: string, stream: () => string, tamper: (streamId: string) => Promise<Omit<Break, 'streamId'>>, token?: () => string): void {
    it(`${name}: caught by verifyChain and the CLI, which name the first broken event`, async () => {
      const streamId = stream();
      const expected: Break = { streamId, ...(await tamper(streamId)) };
      const viaStream = await verify('STREAM', streamId, token?.() ?? f.tokens.yuzhou);
      expect({ ok: viaStream.ok, firstBreak: viaStream.firstBreak }).toEqual({ ok: false, firstBreak: expected });
      const viaTenant = await verify('TENANT', YUZHOU_PATH);
      expect(viaTenant.ok).toBe(false);
      expect(viaTenant.breaks).toContainEqual(expected);
      const { exitCode, result } = await cli(['--stream', streamId]);
      expect({ exitCode, firstBreak: result.firstBreak }).toEqual({ exitCode: 1, firstBreak: expected });
      caught[name] = { graphql: viaStream.firstBreak?.reason ?? 'missed', cli: result.firstBreak?.reason ?? 'missed' };
    });
  }

  tamperCase('a payload edited (description rewritten)', () => `entry-${f.entries[3].id}`, async (streamId) => {
    await api.db.query(`UPDATE ${events} SET data = jsonb_set(data, '{description}', '"该问题已不存在"') WHERE stream_id = $1 AND stream_version = 0`, [streamId]);
    return { streamVersion: 0, eventId: await eventId(streamId, 0), reason: 'hash_mismatch' };
  });

  tamperCase('an event deleted from the middle of a stream', () => `entry-${f.entries[0].id}`, async (streamId) => {
    await api.db.query(`DELETE FROM ${events} WHERE stream_id = $1 AND stream_version = 1`, [streamId]);
    return { streamVersion: 1, eventId: null, reason: 'version_gap' };
  });

  tamperCase('the last event deleted', () => `entry-${f.entries[1].id}`, async (streamId) => {
    await api.db.query(`DELETE FROM ${events} WHERE stream_id = $1 AND stream_version = 1`, [streamId]);
    return { streamVersion: 1, eventId: null, reason: 'tail_missing' };
  });

  tamperCase('two events reordered', () => `entry-${f.entries[2].id}`, async (streamId) => {
    const second = await eventId(streamId, 1);
    await api.db.query(`UPDATE ${events} SET stream_version = -1 WHERE stream_id = $1 AND stream_version = 0`, [streamId]);
    await api.db.query(`UPDATE ${events} SET stream_version = 0 WHERE stream_id = $1 AND stream_version = 1`, [streamId]);
    await api.db.query(`UPDATE ${events} SET stream_version = 1 WHERE stream_id = $1 AND stream_version = -1`, [streamId]);
    return { streamVersion: 0, eventId: second, reason: 'hash_mismatch' };
  });

  tamperCase('a recorded time moved back a day', () => `campaign-${f.yuzhouCampaignId}`, async (streamId) => {
    await api.db.query(`UPDATE ${events} SET recorded_at = recorded_at - interval '1 day' WHERE stream_id = $1 AND stream_version = 0`, [streamId]);
    return { streamVersion: 0, eventId: await eventId(streamId, 0), reason: 'hash_mismatch' };
  });

  tamperCase('an entry moved to another township (tenant column)', () => `entry-${f.yingchuanEntryId}`, async (streamId) => {
    await api.db.query(`UPDATE ${events} SET tenant_path = $2 WHERE stream_id = $1 AND stream_version = 0`, [streamId, `${YUZHOU_PATH}/411081005`]);
    return { streamVersion: 0, eventId: await eventId(streamId, 0), reason: 'tenant_mismatch' };
  });

  it('a stream whose events were all deleted is found by a platform admin (its head row remains)', async () => {
    const streamId = `checklist-${f.checklistVersionId}`;
    await api.db.query(`DELETE FROM ${events} WHERE stream_id = $1`, [streamId]);
    const all = await verify('ALL', null, f.tokens.platform);
    expect(all.breaks).toContainEqual({ streamId, streamVersion: 0, eventId: null, reason: 'tail_missing' });
    caught['a whole stream deleted'] = { graphql: 'tail_missing', cli: 'tail_missing' };
  });

  it('the whole-log CLI run reports every break and exits 1', async () => {
    const { exitCode, result } = await cli();
    expect(exitCode).toBe(1);
    expect(result.ok).toBe(false);
    const streams = new Set(result.breaks.map((b) => b.streamId));
    for (const id of [f.entries[0].id, f.entries[1].id, f.entries[2].id, f.entries[3].id, f.yingchuanEntryId]) expect(streams).toContain(`entry-${id}`);
    expect(streams).toContain(`campaign-${f.yuzhouCampaignId}`);
    expect(streams).toContain(`checklist-${f.checklistVersionId}`);
    expect(Object.keys(caught)).toHaveLength(7);
  });
});
