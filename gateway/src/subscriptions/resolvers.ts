import { DomainError, type Redis, toGraphQLError } from '@taskflow/common';
import {
  assertEventId,
  type ChangeNotice,
  compareStreamIds,
  type LiveNotice,
  readChangesSince,
} from '@taskflow/events';
import { GraphQLError, type GraphQLFieldResolver, type GraphQLResolveInfo } from 'graphql';
import type { ConnectionState } from './connection-state.js';
import type { EntityFetcher, EntityResult } from './entity-fetcher.js';
import { deriveEntityQuery } from './entity-query.js';
import type { LiveHub } from './live-hub.js';
import { mapAsyncIterator, NoticeQueue } from './notice-queue.js';
import type { SubscriptionResolvers } from './subscription-schema.js';

export interface SubscriptionContext {
  connection: ConnectionState;
}

export interface SubscriptionDeps {
  hub: LiveHub;
  redis: Redis;
  prefix: string;
  fetcher: EntityFetcher;
  /** Events a subscription may have waiting before its client counts as too slow. */
  queueCapacity: number;
}

/** What a TaskChangeEvent / Notification resolves from: the notice plus its fetched entity. */
interface EventPayload {
  eventId?: string;
  kind?: string;
  taskId?: string;
  at?: string;
  entity: EntityResult | null;
}

/**
 * Below the payload, fields come from the fetched entity, keyed by response name (aliases
 * included): the entity query was made from the client's own selection.
 */
export const resultFieldResolver: GraphQLFieldResolver<unknown, unknown> = (source, _args, _context, info) =>
  source && typeof source === 'object' ? (source as Record<string, unknown>)[info.path.key] : undefined;

/** The fetched entity under the payload field's response key, or its error. */
function entityOf(payload: EventPayload, info: GraphQLResolveInfo) {
  const value = payload.entity?.data?.[info.path.key];
  if (value == null && payload.entity?.errors?.length) {
    const [first] = payload.entity.errors;
    throw new GraphQLError(first!.message, { extensions: first!.extensions });
  }
  return value ?? null;
}

const byFieldName: GraphQLFieldResolver<Record<string, unknown>, unknown> = (source, _args, _context, info) =>
  source[info.fieldName];

export function subscriptionResolvers(deps: SubscriptionDeps): SubscriptionResolvers {
  /**
   * Listens on the user's channel first, then replays what was missed after `since` from the change
   * log, then passes on the buffered live notices: every eventId once, in order, across the switch.
   */
  async function changeStream(connection: ConnectionState, since: string | null | undefined) {
    if (since != null) {
      try {
        assertEventId(since);
      } catch (error) {
        throw error instanceof DomainError ? toGraphQLError(error) : error;
      }
    }
    const queue = new NoticeQueue<ChangeNotice>(deps.queueCapacity, () =>
      connection.close(1013, 'Too far behind: reconnect and resume with since'),
    );
    let last = since ?? null;
    let buffered: ChangeNotice[] | null = since != null ? [] : null;
    const deliver = (notice: ChangeNotice) => {
      if (last && compareStreamIds(notice.eventId, last) <= 0) return;
      last = notice.eventId;
      queue.push(notice);
    };
    const stop = await deps.hub.listen(connection.userId, (notice: LiveNotice) => {
      if (notice.kind === null || notice.eventId === null || notice.aggregateType !== 'Task') return;
      if (buffered) buffered.push(notice as ChangeNotice);
      else deliver(notice as ChangeNotice);
    });
    queue.onClose(stop);
    if (since != null) {
      try {
        const { entries } = await readChangesSince(deps.redis, deps.prefix, connection.userId, since);
        for (const entry of entries) deliver(entry);
      } catch (error) {
        await queue.return();
        throw error;
      }
      for (const notice of buffered ?? []) deliver(notice);
      buffered = null;
    }
    return queue;
  }

  return {
    taskChanged: {
      subscribe: async (_root, args: { since?: string | null }, context: SubscriptionContext, info) => {
        const { connection } = context;
        const query = deriveEntityQuery(info, 'task', 'task');
        const notices = await changeStream(connection, args.since);
        return mapAsyncIterator(
          notices,
          async (notice): Promise<EventPayload> => ({
            eventId: notice.eventId,
            kind: notice.kind!,
            taskId: notice.aggregateId,
            at: notice.occurredAt,
            entity:
              notice.kind === 'DELETED' || !query
                ? null
                : await deps.fetcher.fetch(
                    query,
                    notice.aggregateId,
                    `${connection.userId}|${notice.eventId}`,
                    () => connection.contextFor(notice.correlationId),
                  ),
          }),
        );
      },
      resolve: (payload: EventPayload) => payload,
    },
    notificationReceived: {
      subscribe: async (_root, _args, context: SubscriptionContext, info) => {
        const { connection } = context;
        const query = deriveEntityQuery(info, null, 'notification');
        const queue = new NoticeQueue<LiveNotice>(deps.queueCapacity, () =>
          connection.close(1013, 'Too far behind: reconnect'),
        );
        const stop = await deps.hub.listen(connection.userId, (notice) => {
          if (notice.type === 'NotificationCreated') queue.push(notice);
        });
        queue.onClose(stop);
        return mapAsyncIterator(
          queue,
          async (notice): Promise<EventPayload> => ({
            entity: query
              ? await deps.fetcher.fetch(
                  query,
                  notice.aggregateId,
                  `${connection.userId}|${notice.envelopeId}`,
                  () => connection.contextFor(notice.correlationId),
                )
              : null,
          }),
        );
      },
      resolve: (payload: EventPayload, _args: unknown, _context: unknown, info: GraphQLResolveInfo) =>
        entityOf(payload, info),
    },
  };
}

/** Field resolvers of the gateway-owned payload type; everything below comes from the fetched entity. */
export const payloadTypeResolvers = {
  TaskChangeEvent: {
    eventId: byFieldName,
    kind: byFieldName,
    taskId: byFieldName,
    at: byFieldName,
    task: (payload: EventPayload, _args: unknown, _context: unknown, info: GraphQLResolveInfo) =>
      entityOf(payload, info),
  },
};
