import { DomainError } from '@taskflow/common';

/**
 * Redis stream entry ids (`<ms>-<seq>`, two unsigned 64-bit numbers). The change log's ids are the
 * public `eventId`s: clients hand them back as `since`, so they are validated before reaching Redis.
 */

const STREAM_ID = /^(\d{1,20})-(\d{1,20})$/;
const MAX_U64 = 2n ** 64n - 1n;

/** Parses a full stream id; null for anything else (including the `<ms>` shorthand Redis accepts). */
export function parseStreamId(value: string): [bigint, bigint] | null {
  const match = STREAM_ID.exec(value);
  if (!match) return null;
  const ms = BigInt(match[1]!);
  const seq = BigInt(match[2]!);
  if (ms > MAX_U64 || seq > MAX_U64) return null;
  return [ms, seq];
}

export const isStreamId = (value: unknown): value is string =>
  typeof value === 'string' && parseStreamId(value) !== null;

/** Orders two stream ids numerically (string order is wrong: `9-0` < `10-0`). */
export function compareStreamIds(a: string, b: string): -1 | 0 | 1 {
  const left = parseStreamId(a);
  const right = parseStreamId(b);
  if (!left || !right) throw new TypeError(`not a stream id: ${left ? b : a}`);
  if (left[0] !== right[0]) return left[0] < right[0] ? -1 : 1;
  if (left[1] !== right[1]) return left[1] < right[1] ? -1 : 1;
  return 0;
}

/** Throws BAD_USER_INPUT naming `field` unless `value` is an eventId this system could have issued. */
export function assertEventId(value: string, field = 'since'): void {
  if (parseStreamId(value) === null) {
    throw new DomainError(
      'BAD_USER_INPUT',
      `${field} must be an eventId from an earlier event (like "1718000000000-0"), got "${value.slice(0, 50)}"`,
      { field },
    );
  }
}
