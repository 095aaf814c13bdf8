import { Role } from '@rectify/tenancy';
import { scaled } from '../support/figures';
import { CHUHE_VILLAGES, PAYLOAD, SPECIFIC_PLAN, Tally, YUZHOU, auditAnswer, data, key, postGraphql, seedCounties, startHostileApi, type Fixture, type HostileApi } from './hostile-support';

/**
 * Part 3 of #8, concurrency: many clients send conflicting commands to the same ledger entry or
 * campaign at once. Exactly one wins each round, every other gets CONCURRENCY_CONFLICT (or, when it
 * loaded the winner's state first, the domain's refusal); retries with the same idempotency key
 * return the first result and the event count in the store shows nothing written twice.
 */

interface Payload {
  streamId: string;
  version: number;
  replayed: boolean;
  eventCount: number;
}

interface Attempt {
  readonly key: string;
  readonly code: string | null;
  readonly payload: Payload | null;
}

const CLIENTS = scaled(20, 3);

describe('conflicting commands from many clients at once', () => {
  let api: HostileApi;
  let f: Fixture;
  const tally = new Tally('concurrency');
  const figures = { rounds: 0, attempts: 0, winners: 0, conflicts: 0, domainRefusals: 0, retries: 0, replayedRetries: 0, duplicateEvents: 0 };

  beforeAll(async () => {
    api = await startHostileApi();
    f = await seedCounties(api);
    await api.createUser('yz.reviewer2', YUZHOU, [Role.Reviewer], '禹州市审核人二');
  }, 300_000);

  afterAll(async () => {
    tally.publish(figures);
    await api?.shutdown();
  });

  /** One mutation; the answer is audited like any other (no 5xx, no leak, a stable code). */
  async function attempt(mutation: string, inputType: string, input: Record<string, unknown>, token: string, selection = PAYLOAD): Promise<Attempt> {
    const r = await postGraphql(api, { query: `mutation($input: ${inputType}!) { ${mutation}(input: $input) { ${selection} } }`, variables: { input } }, token);
    const verdict = tally.record(mutation, auditAnswer(r.status, r.text, Object.values(api.schemas)));
    expect(verdict.problems).toEqual([]);
    const payload = ((r.json as { data?: Record<string, Payload> | null }).data ?? null)?.[mutation] ?? null;
    return { key: String(input['idempotencyKey']), code: verdict.codes[0] ?? null, payload };
  }

  /**
   * Fires `CLIENTS` copies of a command at once (each with its own idempotency key, built by
   * `input(i)`), then checks: one winner, the rest refused with an allowed code, exactly the
   * winner's events added to the stream; then every client retries with its own key and gets the
   * same outcome again (the winner: its first result, replayed) with no event added.
   */
  async function race(
    label: string,
    mutation: string,
    inputType: string,
    input: (i: number) => Record<string, unknown>,
    token: (i: number) => string,
    streamId: string,
    losers: readonly string[] = ['CONCURRENCY_CONFLICT'],
  ): Promise<{ winner: Attempt; attempts: Attempt[] }> {
    const before = await api.countEvents(streamId);
    const inputs = Array.from({ length: CLIENTS }, (_, i) => ({ idempotencyKey: key(), ...input(i) }));
    const attempts = await Promise.all(inputs.map((inp, i) => attempt(mutation, inputType, inp, token(i))));
    const winners = attempts.filter((a) => a.code === null);
    const refused = attempts.filter((a) => a.code !== null);
    figures.rounds++;
    figures.attempts += attempts.length;
    figures.winners += winners.length;
    figures.conflicts += refused.filter((a) => a.code === 'CONCURRENCY_CONFLICT').length;
    figures.domainRefusals += refused.filter((a) => a.code !== 'CONCURRENCY_CONFLICT').length;
    expect({ label, winners: winners.length }).toEqual({ label, winners: 1 });
    expect({ label, codes: [...new Set(refused.map((a) => a.code))].filter((c) => !losers.includes(c ?? '')) }).toEqual({ label, codes: [] });
    const [winner] = winners;
    const written = winner.payload?.eventCount ?? 0;
    expect(written).toBeGreaterThan(0);
    expect(await api.countEvents(streamId)).toBe(before + written);

    // every client retries with its own key: the winner gets its first result, nobody writes
    const retries = await Promise.all(inputs.map((inp, i) => attempt(mutation, inputType, inp, token(i))));
    figures.retries += retries.length;
    const replayed = retries.filter((r) => r.code === null);
    figures.replayedRetries += replayed.length;
    expect(replayed.map((r) => r.key)).toEqual([winner.key]);
    expect(replayed[0].payload).toMatchObject({ replayed: true, version: winner.payload?.version, eventCount: written, streamId: winner.payload?.streamId });
    for (const retry of retries.filter((r) => r.code !== null)) expect(losers).toContain(retry.code);
    const after = await api.countEvents(streamId);
    figures.duplicateEvents += after - (before + written);
    expect(after).toBe(before + written);
    return { winner, attempts };
  }

  async function entryVersion(entryId: string): Promise<number> {
    return data(await api.gql<{ ledgerEntry: { version: number } }>(`query($id: ID!) { ledgerEntry(id: $id) { version } }`, { id: entryId }, f.tokens.yuzhou)).ledgerEntry.version;
  }

  async function newEntry(itemNo: number): Promise<{ id: string; version: number }> {
    const r = data(
      await api.gql<{ recordProblem: { entryId: string; version: number } }>(
        `mutation($input: RecordProblemInput!) { recordProblem(input: $input) { entryId version } }`,
        { input: { idempotencyKey: key(), waitForProjection: true, campaignId: f.yuzhouCampaignId, villageCode: CHUHE_VILLAGES[2], itemNo, description: `第${itemNo}项发现的问题`, foundBy: '张三', foundAt: '2023-07-25T01:00:00Z' } },
        f.tokens.chuhe,
      ),
    ).recordProblem;
    return { id: r.entryId, version: r.version };
  }

  it(`${CLIENTS} progress reports with the same expected version: one wins, the rest CONCURRENCY_CONFLICT`, async () => {
    const entry = f.entries[0];
    await race(
      'progress',
      'reportProgress',
      'ReportProgressInput',
      (i) => ({ entryId: entry.id, expectedVersion: entry.version, note: `第${i}位排查员报告整改进展` }),
      () => f.tokens.chuhe,
      `entry-${entry.id}`,
    );
  });

  it('the same command sent many times at once with one idempotency key is written once', async () => {
    const entry = f.entries[1];
    const idempotencyKey = key();
    const streamId = `entry-${entry.id}`;
    const before = await api.countEvents(streamId);
    const input = { idempotencyKey, entryId: entry.id, note: '同一请求重复发送' };
    const attempts = await Promise.all(Array.from({ length: CLIENTS }, () => attempt('reportProgress', 'ReportProgressInput', input, f.tokens.chuhe)));
    // each one either wrote, was answered as the replay, or lost the race to its own twin
    const ok = attempts.filter((a) => a.code === null);
    expect(ok.length).toBeGreaterThan(0);
    expect(attempts.filter((a) => a.code !== null).every((a) => a.code === 'CONCURRENCY_CONFLICT')).toBe(true);
    expect(new Set(ok.map((a) => a.payload?.version)).size).toBe(1);
    // (the store answers a concurrent duplicate with the first append's result, so more than one of
    // them may say replayed: false; what counts is that they all got the same version and one event)
    expect(await api.countEvents(streamId)).toBe(before + 1);
    // a retry now is a replay of that one event
    const retry = await attempt('reportProgress', 'ReportProgressInput', input, f.tokens.chuhe);
    expect(retry.payload).toMatchObject({ replayed: true, version: ok[0].payload?.version });
    expect(await api.countEvents(streamId)).toBe(before + 1);
    // the same key with different content on the same stream is not a retry: the events carry the
    // first input's fingerprint, so it is refused with EVENT_ID_CONFLICT and writes nothing
    const reused = await attempt('reportProgress', 'ReportProgressInput', { ...input, note: '换了内容' }, f.tokens.chuhe);
    expect(reused).toMatchObject({ code: 'EVENT_ID_CONFLICT' });
    expect(await api.countEvents(streamId)).toBe(before + 1);
    figures.rounds++;
    figures.attempts += attempts.length;
  });

  it('conflicting commands of different kinds on one planned entry: progress vs extension vs void, one wins', async () => {
    const recorded = await newEntry(31);
    const planned = await attempt('planRectification', 'PlanRectificationInput', { idempotencyKey: key(), entryId: recorded.id, expectedVersion: recorded.version, ...SPECIFIC_PLAN }, f.tokens.chuhe);
    const entry = { id: recorded.id, version: planned.payload?.version ?? -1 };
    const kinds = [
      { mutation: 'reportProgress', type: 'ReportProgressInput', input: { note: '施工队已进场' } },
      { mutation: 'requestDeadlineExtension', type: 'RequestDeadlineExtensionInput', input: { reason: '施工材料未到位', requestedDate: '2023-09-30' } },
      { mutation: 'voidEntry', type: 'EntryReasonInput', input: { reason: '重复登记' } },
    ];
    const attempts = await Promise.all(
      Array.from({ length: CLIENTS }, (_, i) => {
        const k = kinds[i % kinds.length];
        return attempt(k.mutation, k.type, { idempotencyKey: key(), entryId: entry.id, expectedVersion: entry.version, ...k.input }, f.tokens.chuhe);
      }),
    );
    figures.rounds++;
    figures.attempts += attempts.length;
    expect(attempts.filter((a) => a.code === null)).toHaveLength(1);
    expect(attempts.filter((a) => a.code !== null).every((a) => a.code === 'CONCURRENCY_CONFLICT')).toBe(true);
    figures.winners++;
    figures.conflicts += attempts.length - 1;
    expect(await api.countEvents(`entry-${entry.id}`)).toBe(entry.version + 1 + (attempts.find((a) => a.code === null)?.payload?.eventCount ?? 0));
  });

  it('concurrent sign-offs by two reviewers, with and without an expected version: the entry is signed off once', async () => {
    const entry = await newEntry(32);
    let version = entry.version;
    const step = async (mutation: string, type: string, input: Record<string, unknown>): Promise<void> => {
      const r = await attempt(mutation, type, { idempotencyKey: key(), entryId: entry.id, expectedVersion: version, waitForProjection: true, ...input }, f.tokens.chuhe);
      expect(r.code).toBeNull();
      version = r.payload?.version ?? -1;
    };
    await step('planRectification', 'PlanRectificationInput', SPECIFIC_PLAN);
    await step('submitResult', 'SubmitResultInput', { result: '已补齐该户饮水检测报告并建档，附检测报告扫描件', evidenceRefs: ['scan-1'] });
    const reviewers = [f.tokens.yuzhou, await api.login('yz.reviewer2')];
    const { winner } = await race('sign-off with version', 'approveSignOff', 'EntryCommentInput', () => ({ entryId: entry.id, expectedVersion: version, comment: '同意销号' }), (i) => reviewers[i % 2], `entry-${entry.id}`);
    // without an expected version the late ones load the signed-off entry and the domain refuses
    const late = await Promise.all(reviewers.map((token) => attempt('approveSignOff', 'EntryCommentInput', { idempotencyKey: key(), entryId: entry.id }, token)));
    for (const a of late) expect(a.code).toMatch(/^LEDGER_|^CONCURRENCY_CONFLICT$/);
    const signOffs = await api.db.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${api.schemas.EVENT_STORE_SCHEMA}.events WHERE stream_id = $1 AND type = 'SignOffApproved'`, [`entry-${entry.id}`]);
    expect(Number(signOffs.rows[0].n)).toBe(1);
    expect(winner.payload?.eventCount).toBe(1);
  });

  it('concurrent sign-offs without any expected version: exactly one SignOffApproved', async () => {
    const entry = await newEntry(33);
    let version = entry.version;
    for (const [mutation, type, input] of [
      ['planRectification', 'PlanRectificationInput', SPECIFIC_PLAN],
      ['submitResult', 'SubmitResultInput', { result: '已更换3处损坏路灯，经现场查验照明正常', evidenceRefs: ['photo-9'] }],
    ] as const) {
      const r = await attempt(mutation, type, { idempotencyKey: key(), entryId: entry.id, expectedVersion: version, waitForProjection: true, ...input }, f.tokens.chuhe);
      version = r.payload?.version ?? -1;
    }
    const reviewers = [f.tokens.yuzhou, await api.login('yz.reviewer2'), f.tokens.city];
    const attempts = await Promise.all(Array.from({ length: CLIENTS }, (_, i) => attempt('approveSignOff', 'EntryCommentInput', { idempotencyKey: key(), entryId: entry.id }, reviewers[i % reviewers.length])));
    figures.rounds++;
    figures.attempts += attempts.length;
    expect(attempts.filter((a) => a.code === null)).toHaveLength(1);
    for (const a of attempts.filter((x) => x.code !== null)) expect(a.code).toMatch(/^LEDGER_|^CONCURRENCY_CONFLICT$/);
    figures.winners++;
    figures.conflicts += attempts.filter((a) => a.code === 'CONCURRENCY_CONFLICT').length;
    figures.domainRefusals += attempts.filter((a) => a.code !== null && a.code !== 'CONCURRENCY_CONFLICT').length;
    const signOffs = await api.db.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${api.schemas.EVENT_STORE_SCHEMA}.events WHERE stream_id = $1 AND type = 'SignOffApproved'`, [`entry-${entry.id}`]);
    expect(Number(signOffs.rows[0].n)).toBe(1);
  });

  it('concurrent forwards of one campaign to one county: one child campaign', async () => {
    const campaign = { version: await api.streamVersion(`campaign-${f.cityCampaignId}`) };
    const { winner } = await race(
      'forward',
      'forwardCampaign',
      'ForwardCampaignInput',
      () => ({ campaignId: f.cityCampaignId, expectedVersion: campaign.version, childTenantCode: '411082', issuedOn: '2023-07-28', reportDueDate: '2023-08-28' }),
      () => f.tokens.city,
      `campaign-${f.cityCampaignId}`,
    );
    expect(winner.payload?.streamId).toBe(`campaign-${f.cityCampaignId}`);
    // without an expected version, the late forwards to the same county are refused by the domain
    const again = await Promise.all(
      Array.from({ length: 5 }, () => attempt('forwardCampaign', 'ForwardCampaignInput', { idempotencyKey: key(), campaignId: f.cityCampaignId, childTenantCode: '411082', issuedOn: '2023-07-28', reportDueDate: '2023-08-28' }, f.tokens.city)),
    );
    for (const a of again) expect(a.code).toMatch(/^LEDGER_|^CONCURRENCY_CONFLICT$/);
    const forwards = await api.db.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${api.schemas.EVENT_STORE_SCHEMA}.events WHERE stream_id = $1 AND type = 'CampaignForwarded' AND (data->'childTenant')::text LIKE '%411082%'`, [`campaign-${f.cityCampaignId}`]);
    expect(Number(forwards.rows[0].n)).toBe(1);
  });

  it('concurrent closes of one campaign: closed once', async () => {
    const campaign = { version: await api.streamVersion(`campaign-${f.yanlingCampaignId}`) };
    await race(
      'close',
      'closeCampaign',
      'CloseCampaignInput',
      (i) => ({ campaignId: f.yanlingCampaignId, expectedVersion: campaign.version, summary: `第${i}次结束` }),
      () => f.tokens.city,
      `campaign-${f.yanlingCampaignId}`,
    );
    const closes = await api.db.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${api.schemas.EVENT_STORE_SCHEMA}.events WHERE stream_id = $1 AND type = 'CampaignClosed'`, [`campaign-${f.yanlingCampaignId}`]);
    expect(Number(closes.rows[0].n)).toBe(1);
  });

  it('the read model agrees with the store after the races', async () => {
    for (const entry of f.entries.slice(0, 2)) {
      const stored = await api.streamVersion(`entry-${entry.id}`);
      const deadline = Date.now() + 10_000;
      while ((await entryVersion(entry.id)) !== stored && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(await entryVersion(entry.id)).toBe(stored);
    }
    expect(tally.http5xx + tally.leaks + tally.internalErrors).toBe(0);
  });
});
