import { DomainError, toGraphQLError } from '@taskflow/common';
import { assertEventId, type ChangeNotice, type EventBus, type LiveNotice } from '@taskflow/events';
import { GraphQLError, type GraphQLFieldResolver, type GraphQLResolveInfo } from 'graphql';
import { ChangeStream } from './change-stream.js';
import { CloseCode, type ConnectionState } from './connection-state.js';
import type { EntityFetcher, EntityResult } from './entity-fetcher.js';
import { deriveEntityQuery } from './entity-query.js';
import { mapAsyncIterator, NoticeQueue } from './notice-queue.js';
import type { SubscriptionResolvers } from './subscription-schema.js';

export interface SubscriptionContext {
  connection: ConnectionState;
}

/** Where live events come from: the event bus's notices and change log (Redis, or in-process). */
export type LiveSource = Pick<EventBus, 'subscribeNotices' | 'readChangesSince'>;

/** The change log's pages while replaying (Redis answers 100 entries in well under a millisecond). */
const REPLAY_PAGE_SIZE = 100;

export const replayUnavailable = () =>
  new GraphQLError(
    'The change history after `since` is no longer available: refetch, then subscribe without `since`',
    { extensions: { code: 'REPLAY_UNAVAILABLE' } },
  );

const liveUnavailable = () =>
  new GraphQLError('Live updates are unavailable; try again shortly', {
    extensions: { code: 'SERVICE_UNAVAILABLE' },
  });

export interface SubscriptionDeps {
  live: LiveSource;
  fetcher: EntityFetcher;
  /** Events a subscription may have waiting before its client counts as too slow. */
  queueCapacity: number;
}

/** What a TaskChangeEvent / Notification resolves from: the notice plus its fetched entity. */
interface EventPayload {
  /** The change log cannot fill a gap: the field resolves to REPLAY_UNAVAILABLE and the stream ends. */
  gap?: true;
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
   * log, then passes on the buffered live notices: every eventId once, in order, across the switch
   * (ChangeStream). A reconnect of the bus replays from the last eventId delivered.
   */
  async function changeStream(connection: ConnectionState, since: string | null | undefined) {
    if (since != null) {
      try {
        assertEventId(since);
      } catch (error) {
        throw error instanceof DomainError ? toGraphQLError(error) : error;
      }
    }
    const { userId } = connection;
    const stream = new ChangeStream({
      since: since ?? null,
      read: async (after, limit) => deps.live.readChangesSince(userId, after, { limit }),
      pageSize: REPLAY_PAGE_SIZE,
      capacity: deps.queueCapacity,
      onOverflow: () =>
        connection.close(CloseCode.TryAgainLater, 'Too far behind: reconnect and resume with since'),
    });
    let stop: (() => Promise<void>) | undefined;
    try {
      stop = await deps.live.subscribeNotices(
        userId,
        (notice: LiveNotice) => {
          if (notice.kind === null || notice.eventId === null || notice.aggregateType !== 'Task') return;
          stream.push(notice as ChangeNotice);
        },
        { onResume: () => stream.resume() },
      );
    } catch {
      await stream.return();
      throw liveUnavailable();
    }
    stream.onClose(() => void stop?.().catch(() => undefined));
    let complete: boolean;
    try {
      complete = await stream.start();
    } catch {
      await stream.return();
      throw liveUnavailable();
    }
    if (!complete) {
      await stream.return();
      throw replayUnavailable();
    }
    return stream;
  }

  return {
    taskChanged: {
      subscribe: async (_root, args: { since?: string | null }, context: SubscriptionContext, info) => {
        const { connection } = context;
        const query = deriveEntityQuery(info, 'task', 'task');
        const changes = await changeStream(connection, args.since);
        return mapAsyncIterator(changes, async (item): Promise<EventPayload> => {
          if ('gap' in item) return { gap: true, entity: null };
          const { notice } = item;
          return {
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
          };
        });
      },
      resolve: (payload: EventPayload) => {
        if (payload.gap) throw replayUnavailable();
        return payload;
      },
    },
    notificationReceived: {
      subscribe: async (_root, _args, context: SubscriptionContext, info) => {
        const { connection } = context;
        const query = deriveEntityQuery(info, null, 'notification');
        const queue = new NoticeQueue<LiveNotice>(deps.queueCapacity, () =>
          connection.close(CloseCode.TryAgainLater, 'Too far behind: reconnect'),
        );
        const stop = await deps.live
          .subscribeNotices(connection.userId, (notice) => {
            if (notice.type === 'NotificationCreated') queue.push(notice);
          })
          .catch(() => {
            void queue.return();
            throw liveUnavailable();
          });
        queue.onClose(() => void stop().catch(() => undefined));
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
