import { Temporal } from 'temporal-polyfill';
import { createRecurrenceError } from './recurrence-error.js';

export const DEFAULT_TIME_ZONE = 'UTC';

/**
 * Checks an IANA zone name and returns it in its canonical spelling ("europe/berlin" becomes
 * "Europe/Berlin"). Aliases such as "US/Eastern" are kept as given. Offsets like "+01:00" are
 * refused: they have no daylight-saving rules, so "09:00 every Monday" would drift for anyone
 * who lives in a real zone.
 */
export function normalizeTimeZone(input: string | null | undefined): string {
  if (input === null || input === undefined) return DEFAULT_TIME_ZONE;
  if (typeof input !== 'string') throw createRecurrenceError('The time zone must be a string.');
  if (input.includes('\u0000')) throw createRecurrenceError('The time zone contains a NUL character.');
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]{0,99}$/.test(input)) {
    const shown = input.length > 64 ? `${input.slice(0, 64)}…` : input;
    throw createRecurrenceError(`"${shown}" is not an IANA time zone name; use a name like "Europe/Berlin".`);
  }
  try {
    return Temporal.Instant.fromEpochMilliseconds(0).toZonedDateTimeISO(input).timeZoneId;
  } catch (error) {
    if (error instanceof RangeError) {
      throw createRecurrenceError(`Unknown time zone "${input}"; use an IANA name like "Europe/Berlin".`);
    }
    throw error;
  }
}

interface OffsetWindow {
  /** Every value from `from` (inclusive) to `to` (exclusive) is in one offset period, `offsetMs`. */
  from: number;
  to: number;
  offsetMs: number;
}

/**
 * Converts between instants and wall-clock readings of one zone. Wall-clock readings are encoded
 * as the epoch milliseconds of the same reading taken in UTC: rules are expanded on that DST-free
 * time line, so a daily 09:00 stays 09:00 whatever the offset does.
 *
 * The polyfill's zone arithmetic is slow (tens of microseconds a call), so the clock remembers the
 * offset period it last used, up to the zone's next transition: a series walked forward costs a
 * couple of zone look-ups per year instead of two per instant.
 */
export class ZoneClock {
  /** Instants whose offset is known. */
  private instants: OffsetWindow | undefined;
  /** Wall-clock readings known to resolve to `reading - offsetMs`. */
  private readings: OffsetWindow | undefined;

  constructor(readonly timeZone: string) {}

  /** The zone's UTC offset at an instant, in milliseconds (east of Greenwich is positive). */
  offsetMs(epochMs: number): number {
    const cached = this.instants;
    if (cached && epochMs >= cached.from && epochMs < cached.to) return cached.offsetMs;
    this.instants = this.findOffsetPeriod(epochMs);
    return this.instants.offsetMs;
  }

  /** The wall-clock reading of an instant. */
  toWallClockMs(epochMs: number): number {
    return epochMs + this.offsetMs(epochMs);
  }

  /**
   * The instant a wall-clock reading denotes. Temporal's 'compatible' disambiguation is the one
   * documented choice for both DST edges: a reading inside a spring-forward gap moves forward by
   * the gap's length (RFC 5545 §3.3.5: use the offset from before the gap), and a reading inside
   * a fall-back overlap takes the earlier of its two instants.
   */
  resolveWallClockMs(wallMs: number): number {
    const cached = this.readings;
    if (cached && wallMs >= cached.from && wallMs < cached.to) return wallMs - cached.offsetMs;
    if (this.timeZone === DEFAULT_TIME_ZONE) return wallMs;
    const epochMs = Temporal.Instant.fromEpochMilliseconds(wallMs)
      .toZonedDateTimeISO('UTC')
      .toPlainDateTime()
      .toZonedDateTime(this.timeZone, { disambiguation: 'compatible' }).epochMilliseconds;
    // From this instant's own reading up to the next transition, readings are unambiguous: the
    // instant came from 'compatible' resolution, so it is never in the later fold of an overlap.
    const period = this.findOffsetPeriod(epochMs);
    this.readings = {
      from: epochMs + period.offsetMs,
      to: period.to + period.offsetMs,
      offsetMs: period.offsetMs,
    };
    return epochMs;
  }

  /** The offset at `epochMs` and how long it lasts (until the zone's next transition). */
  private findOffsetPeriod(epochMs: number): OffsetWindow {
    if (this.timeZone === DEFAULT_TIME_ZONE) {
      return { from: Number.NEGATIVE_INFINITY, to: Number.POSITIVE_INFINITY, offsetMs: 0 };
    }
    const zoned = Temporal.Instant.fromEpochMilliseconds(epochMs).toZonedDateTimeISO(this.timeZone);
    const next = zoned.getTimeZoneTransition('next');
    return {
      from: epochMs,
      to: next ? next.epochMilliseconds : Number.POSITIVE_INFINITY,
      offsetMs: zoned.offsetNanoseconds / 1e6,
    };
  }
}
