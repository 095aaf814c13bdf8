import { randomUUID } from 'node:crypto';
import type { Random } from '@rectify/shared-testing';
import { type ApiClient, type GqlResult, errorCode } from './api-client';
import type { CampaignSetup } from './campaign-setup';
import { sleep } from './wait';

/** The life of one entry, in order; a lifecycle stops after a seeded number of steps. */
export const STEPS = ['recordProblem', 'planRectification', 'reportProgress', 'submitResult', 'approveSignOff'] as const;
export type Step = (typeof STEPS)[number];

const INPUT_TYPE: Record<Step, string> = {
  recordProblem: 'RecordProblemInput',
  planRectification: 'PlanRectificationInput',
  reportProgress: 'ReportProgressInput',
  submitResult: 'SubmitResultInput',
  approveSignOff: 'EntryCommentInput',
};

/**
 * Answers that say "not done, try again with the same key": no answer, the store or PostgreSQL
 * unavailable (EVENT_STORE_UNAVAILABLE, SERVICE_UNAVAILABLE, both `retryable: true`), and a
 * concurrency conflict (the client sends no expectedVersion, so a retry reloads the stream — the
 * worker's escalations append to the same entries), and RATE_LIMITED (after its `retryAfterSeconds`).
 */
const RETRYABLE = new Set(['TRANSPORT', 'EVENT_STORE_UNAVAILABLE', 'SERVICE_UNAVAILABLE', 'CONCURRENCY_CONFLICT', 'RATE_LIMITED']);

export interface Acknowledged {
  readonly key: string;
  readonly step: Step;
  readonly entryId: string;
  readonly eventCount: number;
}

export interface WorkloadStats {
  /** HTTP requests sent for commands (first tries, retries and deliberate repeats). */
  requests: number;
  /** Distinct commands acknowledged (first successful answer per idempotency key). */
  acknowledged: number;
  /** Sends of a command after a failed or unanswered try, with the same key. */
  retries: number;
  /** Retries whose answer said `replayed`: the first try had been stored although the client saw a failure. */
  retriesReplayed: number;
  /** Acknowledged commands sent again with their key (each counted once, however many tries it took); and how many were answered `replayed` with the first event count. */
  repeats: number;
  repeatsReplayed: number;
  /** Failed tries by code (TRANSPORT: no answer). */
  failures: Record<string, number>;
  /** Commands given up on: a non-retryable error (the test expects none) — key, step, code, message. */
  rejected: { key: string; step: Step; code: string | null; message: string }[];
  /** Longest time one command took from its first try to its acknowledgement (ms). */
  longestCommandMs: number;
}

export interface WorkloadOptions {
  readonly concurrency: number;
  /** Probability of re-sending an acknowledged command with its key (to prove replays write nothing). */
  readonly repeatRate?: number;
  /** Give up on one command after this long of retrying (then it counts as rejected). */
  readonly commandDeadlineMs?: number;
  /** Per-request client timeout. */
  readonly requestTimeoutMs?: number;
}

/**
 * Drives entry lifecycles (record → plan → progress → submit → sign-off, each cut short at a seeded
 * step) through the API with `concurrency` in flight, as a careful client does: every command has
 * an idempotency key, and a failure without an answer or with a retryable code is retried with the
 * SAME key until acknowledged. Records every acknowledgement, so the test can check the store.
 */
export class LedgerWorkload {
  readonly acks: Acknowledged[] = [];
  readonly stats: WorkloadStats = { requests: 0, acknowledged: 0, retries: 0, retriesReplayed: 0, repeats: 0, repeatsReplayed: 0, failures: {}, rejected: [], longestCommandMs: 0 };
  /** Entries whose lifecycle ended at approveSignOff (closed) and the others (open). */
  readonly closedEntries = new Set<string>();
  readonly openEntries = new Set<string>();
  private stopRequested = false;
  /** The fixed-term deadline planRectification gives (must not be before the business date). */
  planDeadline = '2023-08-20';

  constructor(
    private readonly client: ApiClient,
    private readonly setup: CampaignSetup,
    private readonly random: Random,
    private readonly options: WorkloadOptions,
  ) {}

  /** Asks a running `run` to finish the lifecycles in hand and start no new ones. */
  stop(): void {
    this.stopRequested = true;
  }

  /** Runs `lifecycles` entry lifecycles; resolves when all are done. */
  async run(lifecycles: number): Promise<void> {
    this.stopRequested = false;
    const plans = Array.from({ length: lifecycles }, () => 1 + this.random.int(STEPS.length));
    let next = 0;
    const lane = async (): Promise<void> => {
      while (!this.stopRequested && next < plans.length) {
        const steps = plans[next++];
        await this.lifecycle(steps);
      }
    };
    await Promise.all(Array.from({ length: this.options.concurrency }, lane));
  }

  private async lifecycle(steps: number): Promise<void> {
    const { villages, itemNos, tokens, campaignId } = this.setup;
    const village = this.random.pick(villages);
    const itemNo = this.random.pick(itemNos);
    const recorded = await this.command('recordProblem', { campaignId, villageCode: village, itemNo, description: `可靠性测试发现问题：${village} 第${itemNo}项`, foundBy: '张三', foundAt: '2023-08-01T01:00:00Z' }, tokens.inspector, null);
    if (!recorded) return;
    const entryId = recorded.entryId;
    const inputs: Record<Exclude<Step, 'recordProblem'>, [Record<string, unknown>, string]> = {
      planRectification: [{ entryId, measures: '逐户核实并补发', responsibleUnit: '褚河街道民政所', responsiblePerson: '李四', deadline: { kind: 'FIXED_TERM', date: this.planDeadline } }, tokens.inspector],
      reportProgress: [{ entryId, note: '已完成一半' }, tokens.inspector],
      submitResult: [{ entryId, result: '已为2名在园幼儿补发生活费补助共计1200元', evidenceRefs: ['发放花名册.pdf'] }, tokens.inspector],
      approveSignOff: [{ entryId, comment: '同意销号' }, tokens.county],
    };
    for (const step of STEPS.slice(1, steps)) {
      const [input, token] = inputs[step as Exclude<Step, 'recordProblem'>];
      if (!(await this.command(step, input, token, entryId))) return;
    }
    (steps === STEPS.length ? this.closedEntries : this.openEntries).add(entryId);
  }

  /** One command, retried with its key until acknowledged; null when given up (recorded in `rejected`). */
  private async command(step: Step, fields: Record<string, unknown>, token: string, entryId: string | null): Promise<{ entryId: string } | null> {
    const key = randomUUID();
    const selection = step === 'recordProblem' ? 'entryId eventCount replayed' : 'eventCount replayed';
    const query = `mutation($input: ${INPUT_TYPE[step]}!) { ${step}(input: $input) { ${selection} } }`;
    const variables = { input: { ...fields, idempotencyKey: key } };
    const started = Date.now();
    const deadline = started + (this.options.commandDeadlineMs ?? 120_000);
    for (let attempt = 0; ; attempt++) {
      if (attempt > 0) this.stats.retries++;
      this.stats.requests++;
      const result = await this.client.gql<Record<string, { entryId?: string; eventCount: number; replayed: boolean }>>(query, variables, token, this.options.requestTimeoutMs ?? 15_000);
      const payload = result.data?.[step];
      const code = errorCode(result);
      if (code === null && payload) {
        if (attempt > 0 && payload.replayed) this.stats.retriesReplayed++;
        const id = payload.entryId ?? entryId ?? '';
        this.acks.push({ key, step, entryId: id, eventCount: payload.eventCount });
        this.stats.acknowledged++;
        this.stats.longestCommandMs = Math.max(this.stats.longestCommandMs, Date.now() - started);
        if (this.random.next() < (this.options.repeatRate ?? 0)) await this.repeat(query, variables, token, step, payload.eventCount);
        return { entryId: id };
      }
      const failure = code ?? 'EMPTY';
      this.stats.failures[failure] = (this.stats.failures[failure] ?? 0) + 1;
      if (!RETRYABLE.has(failure) || Date.now() > deadline) {
        this.stats.rejected.push({ key, step, code, message: describe(result) });
        return null;
      }
      await sleep(retryDelayMs(result, attempt));
    }
  }

  /** The client did not see the answer (say) and sends the same command again: it must be a replay. */
  private async repeat(query: string, variables: Record<string, unknown>, token: string, step: Step, eventCount: number): Promise<void> {
    this.stats.repeats++;
    for (let attempt = 0; attempt < 50; attempt++) {
      this.stats.requests++;
      const result: GqlResult<Record<string, { eventCount: number; replayed: boolean }>> = await this.client.gql(query, variables, token, this.options.requestTimeoutMs ?? 15_000);
      const payload = result.data?.[step];
      if (payload) {
        if (payload.replayed && payload.eventCount === eventCount) this.stats.repeatsReplayed++;
        return;
      }
      if (!RETRYABLE.has(errorCode(result) ?? '')) return;
      await sleep(200);
    }
  }
}

/** Exponential from 50 ms to 1 s, or what a RATE_LIMITED answer asks for. */
function retryDelayMs(result: GqlResult<unknown>, attempt: number): number {
  const after = (result.errors?.[0]?.extensions as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
  if (typeof after === 'number' && after > 0) return after * 1000;
  return Math.min(1_000, 50 * 2 ** Math.min(attempt, 5));
}

function describe(result: GqlResult<unknown>): string {
  if (result.transportError !== undefined) return result.transportError;
  return JSON.stringify(result.errors ?? result.data).slice(0, 500);
}
