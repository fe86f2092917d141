import type { Redis } from 'ioredis';
import { assertValidEnvelope, type RawEnvelope, sourceOf } from '../envelope.js';
import { type EventSource, eventDefinitions, isEventType } from '../event-types.js';
import { isNoScriptError } from '../internal/redis-connection.js';
import type { BatchPublishOutcome, EventPublisher, PublishOptions } from './event-bus.js';
import {
  buildPublishCall,
  defaultPublishLimits,
  type PublishLimits,
  type PublishResult,
  parsePublishReply,
  publishScriptSha,
  publishScriptSource,
} from './publish-script.js';

export interface RedisEventPublisherOptions {
  redis: Redis;
  prefix: string;
  limits?: Partial<PublishLimits>;
}

/**
 * Runs the publish script (publish-script.ts) for each event: EVALSHA, and EVAL when Redis does not
 * have the script cached (after a restart or SCRIPT FLUSH), which caches it again.
 */
export class RedisEventPublisher implements EventPublisher {
  private readonly redis: Redis;
  private readonly prefix: string;
  private readonly limits: PublishLimits;

  constructor(options: RedisEventPublisherOptions) {
    this.redis = options.redis;
    this.prefix = options.prefix;
    this.limits = { ...defaultPublishLimits, ...options.limits };
  }

  async publish(envelope: RawEnvelope, options: PublishOptions = {}): Promise<PublishResult> {
    const call = this.buildCall(envelope, options);
    let reply: unknown;
    try {
      reply = await this.redis.evalsha(publishScriptSha, call.numKeys, ...call.args);
    } catch (error) {
      if (!isNoScriptError(error)) throw error;
      reply = await this.redis.eval(publishScriptSource, call.numKeys, ...call.args);
    }
    return parsePublishReply(reply, options.guardKey);
  }

  /**
   * One pipeline (one round trip) per batch. Replies are read in order and the first error stops the
   * batch: what follows a failed event is not reported as published, so the caller retries from
   * there and per-owner order holds (a re-run of anything that did go through is a no-op).
   */
  async publishBatch(
    envelopes: readonly RawEnvelope[],
    options: PublishOptions = {},
  ): Promise<BatchPublishOutcome> {
    const calls = envelopes.map((envelope) => this.buildCall(envelope, options));
    const results: PublishResult[] = [];
    let next = 0;
    while (next < calls.length) {
      const pipeline = this.redis.pipeline();
      for (const call of calls.slice(next)) pipeline.evalsha(publishScriptSha, call.numKeys, ...call.args);
      let replies: [Error | null, unknown][] | null;
      try {
        replies = await pipeline.exec();
      } catch (error) {
        return { results, error };
      }
      if (!replies) return { results, error: new Error('pipeline was discarded') };
      for (const [error, reply] of replies) {
        if (error && isNoScriptError(error)) {
          // Not cached: EVAL this one (which caches the script) and pipeline the rest again.
          try {
            results.push(await this.publishWithEval(calls[next]!, options.guardKey));
          } catch (evalError) {
            return { results, error: evalError };
          }
          next += 1;
          break;
        }
        if (error) return { results, error };
        try {
          results.push(parsePublishReply(reply, options.guardKey));
        } catch (replyError) {
          return { results, error: replyError };
        }
        next += 1;
      }
    }
    return { results };
  }

  private async publishWithEval(
    call: { numKeys: number; args: string[] },
    guardKey: string | undefined,
  ): Promise<PublishResult> {
    return parsePublishReply(
      await this.redis.eval(publishScriptSource, call.numKeys, ...call.args),
      guardKey,
    );
  }

  private buildCall(envelope: RawEnvelope, options: PublishOptions) {
    assertValidEnvelope(envelope);
    return buildPublishCall(envelope, this.prefix, resolveSource(envelope, options), this.limits, options);
  }
}

/** The envelope's stream; an unknown type without a fallback throws rather than guessing one. */
export function resolveSource(envelope: RawEnvelope, options: PublishOptions): EventSource {
  if (options.fallbackSource) return sourceOf(envelope, options.fallbackSource);
  if (!isEventType(envelope.type)) {
    throw new TypeError(`event type "${envelope.type}" is not known and no fallback source was given`);
  }
  return eventDefinitions[envelope.type].source;
}
