import { Inject } from '@nestjs/common';
import { Args, Resolver, Subscription } from '@nestjs/graphql';
import type { EventStore, Position, RecordedEvent } from '@rectify/event-store-core';
import type { Principal } from '@rectify/tenancy';
import { CurrentPrincipal } from '../../auth/current-principal.decorator';
import { Permission } from '../../auth/permission';
import { RequirePermission } from '../../auth/permission.decorator';
import { EVENT_STORE } from '../../infrastructure/tokens';
import { LedgerEntryChangeObjectType } from '../object-types/ledger-entry-change.object-type';
import { PROJECTION_START, type ProjectionStart } from '../projection-start';

type Payload = { ledgerEntryChanged: LedgerEntryChangeObjectType };

function toChange(event: RecordedEvent): LedgerEntryChangeObjectType {
  return {
    entryId: event.streamId.slice('entry-'.length),
    eventType: event.type,
    version: event.streamVersion,
    position: event.position,
    tenantPath: event.metadata.tenantPath,
    recordedAt: event.recordedAt,
  };
}

/**
 * Changes to ledger entries within the caller's scope, over graphql-ws. Fed by the event store's
 * catch-up subscription (filtered by stream prefix and tenant path in the store), never by
 * in-process publishing after an append. It starts after `after` (a position the client saw, e.g.
 * a mutation's), or after the projector's checkpoint.
 */
@Resolver()
export class LedgerSubscriptionResolver {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PROJECTION_START) private readonly start: ProjectionStart,
  ) {}

  @Subscription(() => LedgerEntryChangeObjectType, { description: '可见范围内台账条目的变化', resolve: (payload: Payload) => payload.ledgerEntryChanged })
  @RequirePermission(Permission.LedgerRead)
  async ledgerEntryChanged(
    @CurrentPrincipal() principal: Principal,
    @Args('entryId', { nullable: true, description: '只订阅这一条' }) entryId?: string,
    @Args('after', { nullable: true, description: '从这个全局位置之后开始' }) after?: string,
  ): Promise<AsyncIterableIterator<Payload>> {
    const from = (after as Position | undefined) ?? (await this.start.current());
    const subscription = this.store.subscribe({
      after: from,
      filter: { streamPrefixes: [entryId ? `entry-${entryId}` : 'entry-'], tenantPath: principal.tenantPath },
    });
    async function* changes(): AsyncGenerator<Payload> {
      try {
        for await (const event of subscription) {
          if (entryId && event.streamId !== `entry-${entryId}`) continue;
          yield { ledgerEntryChanged: toChange(event) };
        }
      } finally {
        await subscription.stop();
      }
    }
    return changes();
  }
}
