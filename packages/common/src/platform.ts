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

/** Raised when the environment names one of DATABASE_URL and REDIS_URL but not the other. */
export class HalfConfiguredError extends Error {
  override readonly name = 'HalfConfiguredError';
}

/**
 * Which mode the environment asks for: neither DATABASE_URL nor REDIS_URL set is embedded, both set
 * is services; one without the other is refused, since it is a mistake either way (embedded would
 * ignore the one given, services would guess the other).
 */
export function platformModeOf(source: Record<string, string | undefined>): PlatformMode {
  const database = !!source.DATABASE_URL;
  const redis = !!source.REDIS_URL;
  if (database && redis) return 'services';
  if (!database && !redis) return 'embedded';
  const [given, missing] = database ? ['DATABASE_URL', 'REDIS_URL'] : ['REDIS_URL', 'DATABASE_URL'];
  throw new HalfConfiguredError(
    `${given} is set but ${missing} is not. Set both to run on Postgres and Redis ` +
      '(e.g. DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres REDIS_URL=redis://127.0.0.1:6379), ' +
      'or neither to run embedded.',
  );
}
