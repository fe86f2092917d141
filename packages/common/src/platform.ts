import type { Knex } from './db.js';
import type { Redis } from './redis.js';

/**
 * How TaskFlow runs: `services` is every service its own process on Postgres and Redis (production);
 * `embedded` is one process on PGlite with no Redis (`npm start` on a machine with only Node).
 */
export type PlatformMode = 'services' | 'embedded';

/**
 * What a service gets from its host: databases, Redis (or not), the event side. A service never
 * builds its own connections or bus; its host decides what they are and closes them after it.
 * `TEvents` is the event side (`@taskflow/events`'s `PlatformEvents`), kept generic here because
 * the events package builds on this one.
 */
export interface Platform<TEvents = unknown> {
  readonly mode: PlatformMode;
  /** A knex handle whose search_path is `schema`, reachable (waited for) when it resolves. */
  database(schema: string): Promise<Knex>;
  /** Null in embedded mode: whatever used it has an in-process replacement there. */
  readonly redis: Redis | null;
  readonly events: TEvents;
  /** Closes what the platform opened; called by its owner after every service on it stopped. */
  close(): Promise<void>;
}

/** A platform, or how to make one that the service then owns (and closes when it stops). */
export type PlatformSource<TEvents = unknown> = Platform<TEvents> | (() => Promise<Platform<TEvents>>);

/** The platform and whether the caller opened it (and so closes it). */
export async function openPlatform<TEvents>(
  source: PlatformSource<TEvents>,
): Promise<{ platform: Platform<TEvents>; owned: boolean }> {
  return typeof source === 'function'
    ? { platform: await source(), owned: true }
    : { platform: source, owned: false };
}
