import {
  EventIdConflictError,
  WrongExpectedVersionError,
  type EventStore,
  type NewEvent,
  type Position,
  type RecordedEvent,
} from '@rectify/event-store-core';
import { EVENT_SCHEMA_VERSIONS, fold, isDomainError, type CommandMetadata, type DomainEvent, type LedgerDomainEventType } from '@rectify/ledger-domain';
import type { JsonValue } from '@rectify/shared-util';
import { isWithinScope, type Principal } from '@rectify/tenancy';
import type { Aggregate } from './aggregates';
import { NotFoundError } from './application-errors';
import type { Clock } from './clock';
import { deterministicUuid } from './deterministic-id';
import { UpcasterRegistry } from './upcasting';

export interface CommandContext {
  readonly principal: Principal;
  /** Chosen by the client per logical command: a retry with the same key has the same effect once. */
  readonly idempotencyKey: string;
  /** When given, the stream must be at exactly this version (-1: must not exist yet). */
  readonly expectedVersion?: number | null;
  readonly correlationId: string;
  /**
   * Whose idempotency key this is. By default the acting user's, so two users' keys never
   * collide. A server-side use case whose key derives from content a whole tenant shares (the
   * Excel import: campaign, village and row) names a scope instead, so the same key sent by
   * another user is the same command (same event ids, same entry id) and is answered as a
   * replay. Set only by server code, never from client input.
   */
  readonly idempotencyScope?: string;
  /**
   * What the client asked for, apart from the retry fields (e.g. a hash of the mutation's input
   * without its idempotency key). Recorded in the events' metadata; a later command with the same
   * key but another fingerprint is not a retry and is refused with EVENT_ID_CONFLICT instead of
   * being answered with the first command's result.
   */
  readonly fingerprint?: string;
}

/** What ids derive from together with the idempotency key: the user, or the context's scope. */
export function idempotencyOwnerOf(context: CommandContext): string {
  return context.idempotencyScope === undefined ? context.principal.userId : `scope:${context.idempotencyScope}`;
}

export interface CommandResult<S> {
  readonly streamId: string;
  /** The stream's version after the command: the `expectedVersion` for the next one. */
  readonly version: number;
  /** The global position of the last event written, for read-your-writes. */
  readonly position: Position | null;
  readonly eventCount: number;
  /** True when this was a retry of a command already applied: nothing new was written. */
  readonly replayed: boolean;
  readonly state: S;
}

export interface LoadedStream<S> {
  readonly state: S;
  readonly version: number;
  readonly events: readonly RecordedEvent[];
}

/**
 * Runs one command against one stream: load → fold → decide → append with the loaded version as
 * the expected version. Event ids derive from the caller and the idempotency key, so a retried
 * command is recognised and answered with the first result.
 */
export class CommandExecutor {
  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
    private readonly upcasters: UpcasterRegistry = new UpcasterRegistry(),
  ) {}

  metadataFor(principal: Principal): CommandMetadata {
    return {
      now: this.clock.now(),
      actor: { userId: principal.userId, name: principal.displayName, role: principal.roles.join(',') },
      tenant: { id: principal.tenantId, path: principal.tenantPath },
    };
  }

  /** Loads a stream the principal may see; NOT_FOUND for one outside its scope. */
  async load<C, E extends DomainEvent, S>(aggregate: Aggregate<C, E, S>, streamId: string, principal: Principal): Promise<LoadedStream<S>> {
    const events = await this.store.readStream(streamId);
    const state = fold(aggregate.evolve, aggregate.initial, events.map((e) => this.toDomain<E>(e)));
    const tenant = aggregate.tenantOf(state);
    if (tenant && !isVisible(aggregate.visibility, tenant.path, principal.tenantPath)) throw new NotFoundError(streamId);
    return { state, version: events.length > 0 ? events[events.length - 1].streamVersion : -1, events };
  }

  async execute<C, E extends DomainEvent, S>(
    aggregate: Aggregate<C, E, S>,
    streamId: string,
    build: (state: S, metadata: CommandMetadata) => C,
    context: CommandContext,
  ): Promise<CommandResult<S>> {
    const loaded = await this.load(aggregate, streamId, context.principal);
    const idFor = (i: number): string => deterministicUuid(idempotencyOwnerOf(context), context.idempotencyKey, streamId, String(i));

    const replay = this.findReplay(loaded, idFor);
    if (replay) {
      const recorded = replay.first.metadata['commandFingerprint'];
      if (context.fingerprint !== undefined && typeof recorded === 'string' && recorded !== context.fingerprint) {
        throw new EventIdConflictError(streamId, [replay.first.eventId]);
      }
      return { version: replay.version, position: replay.position, eventCount: replay.eventCount, replayed: true, streamId, state: loaded.state };
    }

    if (context.expectedVersion !== undefined && context.expectedVersion !== null && context.expectedVersion !== loaded.version) {
      throw new WrongExpectedVersionError(streamId, context.expectedVersion, loaded.version);
    }
    const metadata = this.metadataFor(context.principal);
    const decided = decideOrNotFound(() => aggregate.decide(build(loaded.state, metadata), loaded.state), streamId);
    if (decided.length === 0) {
      return { streamId, version: loaded.version, position: null, eventCount: 0, replayed: false, state: loaded.state };
    }
    const state = fold(aggregate.evolve, loaded.state, decided);
    const tenant = aggregate.tenantOf(state) ?? metadata.tenant;
    const events: NewEvent[] = decided.map((event, i) => ({
      eventId: idFor(i),
      type: event.type,
      schemaVersion: event.schemaVersion,
      data: event.data as JsonValue,
      metadata: {
        tenantId: tenant.id,
        tenantPath: tenant.path,
        actor: context.principal.userId,
        correlationId: context.correlationId,
        causationId: context.idempotencyKey,
        ...(context.fingerprint !== undefined && { commandFingerprint: context.fingerprint }),
      },
    }));
    const result = await this.store.append(streamId, events, { expected: loaded.version === -1 ? 'no_stream' : loaded.version });
    return {
      streamId,
      version: result.nextExpectedVersion,
      position: result.position,
      eventCount: events.length,
      replayed: false,
      state,
    };
  }

  private findReplay(loaded: LoadedStream<unknown>, idFor: (i: number) => string): { first: RecordedEvent; version: number; position: Position; eventCount: number } | null {
    const byId = new Map(loaded.events.map((e) => [e.eventId, e]));
    const first = byId.get(idFor(0));
    if (!first) return null;
    let last: RecordedEvent = first;
    let count = 1;
    for (let e = byId.get(idFor(count)); e; e = byId.get(idFor(++count))) last = e;
    return { first, version: last.streamVersion, position: last.position, eventCount: count };
  }

  private toDomain<E extends DomainEvent>(event: RecordedEvent): E {
    const current = EVENT_SCHEMA_VERSIONS[event.type as LedgerDomainEventType] ?? event.schemaVersion;
    return this.upcasters.upcast(event, current) as E;
  }
}

function isVisible(visibility: Aggregate<unknown, DomainEvent, unknown>['visibility'], owner: string, scope: string): boolean {
  if (isWithinScope(owner, scope)) return true;
  return visibility === 'subtree_and_descendants_of_owner' && isWithinScope(scope, owner);
}

/** A command on a stream that does not exist answers exactly like one outside the caller's scope. */
function decideOrNotFound<E>(decide: () => E[], streamId: string): E[] {
  try {
    return decide();
  } catch (error) {
    if (isDomainError(error) && error.code.endsWith('_NOT_FOUND')) throw new NotFoundError(streamId);
    throw error;
  }
}
