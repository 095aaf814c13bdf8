import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Position } from '@rectify/event-store-core';
import type { CommandContext, CommandResult } from '@rectify/ledger-application';
import type { Principal } from '@rectify/tenancy';
import { API_CONFIG, type ApiConfig } from '../config/api-config';
import type { ApiContext } from '../graphql/api-context';
import type { CommandOptionsInput } from './inputs/command-options.input';
import { PROJECTION_WAITER, type ProjectionWaiter } from './projection-waiter';

/**
 * Runs one command for a mutation: builds the command context (principal, idempotency key,
 * expected version, the request's correlation id from `X-Correlation-Id`), and — when the input or the `X-Wait-For-Projection`
 * header asks — waits for the projector to pass the returned position.
 */
@Injectable()
export class MutationExecutor {
  constructor(
    @Inject(PROJECTION_WAITER) private readonly waiter: ProjectionWaiter,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  async run<R extends CommandResult<unknown>>(
    principal: Principal,
    options: CommandOptionsInput,
    context: ApiContext,
    command: (ctx: CommandContext) => Promise<R>,
  ): Promise<{ result: R; projected: boolean | null }> {
    const result = await command({
      principal,
      idempotencyKey: options.idempotencyKey,
      expectedVersion: options.expectedVersion ?? undefined,
      correlationId: context.correlationId,
      fingerprint: commandFingerprint(options),
    });
    return { result, projected: await this.waitIfAsked(options, context, result.position) };
  }

  /** null when not asked; else whether the projector passed `position` before the timeout. */
  async waitIfAsked(options: CommandOptionsInput, context: ApiContext, position: Position | null): Promise<boolean | null> {
    if (!(options.waitForProjection ?? context.waitForProjection)) return null;
    if (position === null) return true;
    return this.waiter.waitFor(position, this.config.projectionWaitTimeoutMs);
  }
}

/** The fields that only steer a retry or the response, not what is asked for. */
const RETRY_FIELDS = new Set(['idempotencyKey', 'expectedVersion', 'waitForProjection']);

/** The same value with every object's keys in sorted order (arrays keep theirs). */
function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (value === null || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  return Object.fromEntries(Object.keys(record).sort().map((key) => [key, sortedKeys(record[key])]));
}

/**
 * A short hash of what a mutation's input asks for (everything but the retry fields): the same key
 * sent again with other content is then told apart from a retry (EVENT_ID_CONFLICT). It only
 * fingerprints; it never judges the input (ill-formed text is refused later, by the domain).
 */
export function commandFingerprint(input: object): string {
  // Inputs arrive as class instances (with Date fields): their JSON form is what the client sent.
  const plain = JSON.parse(JSON.stringify(input)) as Record<string, unknown>;
  const asked = Object.fromEntries(Object.entries(plain).filter(([key]) => !RETRY_FIELDS.has(key)));
  return createHash('sha256').update(JSON.stringify(sortedKeys(asked))).digest('hex').slice(0, 32);
}
