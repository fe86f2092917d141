import type { Logger, Redis } from '@taskflow/common';
import { type LiveNotice, liveNoticeSchema, userChannel } from '@taskflow/events';
import { RedisPubSub } from 'graphql-redis-subscriptions';

/**
 * The replica's view of the per-user Redis channels. graphql-redis-subscriptions counts local
 * listeners per channel: the replica SUBSCRIBEs when the first listener of a user arrives and
 * UNSUBSCRIBEs when the last one leaves, so it only ever receives its own subscribers' traffic.
 */
export class LiveHub {
  private readonly pubsub: RedisPubSub;

  constructor(
    publisher: Redis,
    subscriber: Redis,
    private readonly prefix: string,
    private readonly log: Logger,
  ) {
    this.pubsub = new RedisPubSub({
      publisher,
      subscriber,
      // Listeners validate what they receive; a message that is not JSON reaches nobody.
      deserializer: (message) => {
        try {
          return JSON.parse(message.toString());
        } catch {
          this.log.warn('ignoring a malformed pub/sub message');
          return null;
        }
      },
    });
  }

  /** Calls `listener` for each of the user's notices until the returned function is called. */
  listen(userId: string, listener: (notice: LiveNotice) => void): Promise<() => void> {
    return this.listenChannel(userChannel(this.prefix, userId), (message) => {
      const notice = liveNoticeSchema.safeParse(message);
      if (notice.success) listener(notice.data);
      else this.log.warn('ignoring a malformed live notice');
    });
  }

  /** Calls `listener` with each JSON message on `channel` until the returned function is called. */
  async listenChannel(channel: string, listener: (message: unknown) => void): Promise<() => void> {
    const id = await this.pubsub.subscribe<unknown>(channel, (message) => {
      if (message !== null) listener(message);
    });
    return () => this.pubsub.unsubscribe(id);
  }

  close() {
    return this.pubsub.close();
  }
}
