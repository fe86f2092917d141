import { type RRuleOptions, RRuleTemporal } from 'rrule-temporal';
import { Temporal } from 'temporal-polyfill';
import { type Frequency, formatWeekdayRule, type RuleParts, type Until } from './rule-parser.js';
import { ZoneClock } from './time-zone.js';

const DAY_MS = 86_400_000;

/** The options form that takes rule parts one by one (the library does not export its name). */
type ManualRuleOptions = Extract<RRuleOptions, { freq: unknown }>;

/**
 * How many periods rrule-temporal may walk (beyond a COUNT walk's own instants) before it gives
 * up: the work any input can cause is bounded by this, so every query answers in milliseconds
 * (a period costs the library 10–30 µs). A rule whose next instant is further away than its
 * budget covers counts as not repeating: about 11 years for DAILY (the 8-year leap-day gap of
 * 2096–2104 fits), 19 for WEEKLY, 80 for MONTHLY, 400 for YEARLY (the Gregorian cycle, after
 * which every calendar pattern repeats). Sub-daily rules skip non-matching days cheaply.
 */
const ITERATION_BUDGET: Record<Frequency, number> = {
  MINUTELY: 10_000,
  HOURLY: 10_000,
  DAILY: 4_000,
  WEEKLY: 1_000,
  MONTHLY: 1_000,
  YEARLY: 400,
};

/**
 * The last instant a series may have: `DateTime` is ISO 8601 with a four-digit year, so nothing
 * later could be returned or stored (a task due in year 10000 could not be read back).
 */
export const LAST_INSTANT_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** BYSETPOS makes each period several times dearer to the library: a quarter of the budget. */
function iterationBudget(parts: RuleParts): number {
  const budget = ITERATION_BUDGET[parts.freq];
  return parts.bySetPos ? Math.ceil(budget / 4) : budget;
}

/**
 * Whether a COUNT series can be walked in whole steps (see skipWholeSteps); any other rule with
 * COUNT costs one library step per instant before `after`, so its COUNT is bounded lower.
 */
export function hasFixedStep(parts: RuleParts): boolean {
  return (
    FIXED_STEP_DAYS[parts.freq] !== undefined &&
    !Object.keys(parts).some((name) => name.startsWith('by') || name === 'weekStart')
  );
}

/** Wall-clock step of a rule without BY parts, whose instants are DTSTART plus whole steps. */
const FIXED_STEP_DAYS: Partial<Record<Frequency, number>> = { DAILY: 1, WEEKLY: 7 };

export interface InstantQuery {
  parts: RuleParts;
  timeZone: string;
  dtstartMs: number;
  /** Only instants strictly after this one are returned. */
  afterMs: number;
  /** At most this many are returned. */
  limit: number;
  /**
   * The series' size counted from DTSTART (DTSTART included), or undefined when COUNT does not
   * apply. It is at most MAX_COUNT, which bounds the walk from DTSTART.
   */
  seriesSize?: number;
}

/**
 * The series' instants (epoch ms, ascending) strictly after `afterMs`.
 *
 * rrule-temporal expands the rule on the zone's wall clock, read as if it were UTC (a time line
 * without DST), and each wall-clock candidate is then placed in the real zone. Expanding in the
 * real zone instead would let the library drop the local times that fall into a spring-forward
 * gap: RFC 5545 §3.3.10 tells it to, but a task must not silently skip a day (see README.md).
 */
export function listInstantsAfter(query: InstantQuery): number[] {
  const { parts, dtstartMs, afterMs, seriesSize } = query;
  if (query.limit <= 0 || afterMs >= LAST_INSTANT_MS) return [];
  const clock = new ZoneClock(query.timeZone);
  const dtstartWallMs = clock.toWallClockMs(dtstartMs);
  if (seriesSize !== undefined) {
    const skipped = skipWholeSteps(query, clock, dtstartWallMs);
    if (skipped) return listInstantsAfter(skipped);
  }
  const untilMs = Math.min(resolveUntilMs(parts.until, query.timeZone) ?? LAST_INSTANT_MS, LAST_INSTANT_MS);
  // The library is bounded by UNTIL's reading plus a day, which covers any fall-back overlap.
  const untilWallMs = clock.toWallClockMs(untilMs) + DAY_MS;
  const collector = new InstantCollector(query, clock, untilMs, dtstartWallMs);

  // COUNT is counted from DTSTART, so a series with COUNT is always walked from its start, and
  // rrule-temporal needs an iteration budget for every instant of that walk.
  if (seriesSize !== undefined || afterMs < dtstartMs) {
    collector.offerDtstart(dtstartMs);
    expandWallClock(createWallClockRule(parts, dtstartWallMs, untilWallMs, seriesSize ?? 0), collector);
    return collector.finish();
  }
  collector.startAfter(dtstartMs);
  // A candidate up to one gap's length before `after` can be pushed past it by the gap.
  const gapMs = Math.max(0, clock.offsetMs(afterMs) - clock.offsetMs(afterMs - DAY_MS - 3_600_000));
  const scanFromWallMs = clock.toWallClockMs(afterMs) - gapMs;
  const rule = createWallClockRule(parts, dtstartWallMs, untilWallMs);
  if (scanFromWallMs <= dtstartWallMs) {
    expandWallClock(rule, collector);
    return collector.finish();
  }
  // Restarting the rule at one of its own instants keeps its phase (INTERVAL, weeks, BYSETPOS
  // periods) and the fields it inherits from DTSTART, and skips walking the years before `after`.
  const first = callLibrary(() => rule.next(new Date(scanFromWallMs), true));
  if (first) expandWallClock(createWallClockRule(parts, first.epochMilliseconds, untilWallMs), collector);
  return collector.finish();
}

/**
 * A COUNT series is walked from DTSTART, which costs one library step per instant. When the rule
 * has no BY parts (DAILY or WEEKLY), instant n is DTSTART's wall clock plus n steps, so the walk
 * can start at the last instant before `after` instead, with COUNT reduced by the steps skipped.
 */
function skipWholeSteps(
  query: InstantQuery,
  clock: ZoneClock,
  dtstartWallMs: number,
): InstantQuery | undefined {
  const { parts, seriesSize } = query;
  const stepDays = FIXED_STEP_DAYS[parts.freq];
  if (stepDays === undefined || !hasFixedStep(parts) || seriesSize === undefined) return undefined;
  const stepMs = stepDays * parts.interval * DAY_MS;
  // One step short of `after`, so a gap or an overlap near `after` is still walked through.
  let steps = Math.min(
    Math.floor((clock.toWallClockMs(query.afterMs) - dtstartWallMs) / stepMs) - 1,
    seriesSize - 1,
  );
  // The new start must be a reading the zone has (not pushed by a gap), or the rule would restart
  // at the pushed reading; a gap is rarer than once a day, so the step before has none.
  while (
    steps > 0 &&
    clock.toWallClockMs(clock.resolveWallClockMs(dtstartWallMs + steps * stepMs)) !==
      dtstartWallMs + steps * stepMs
  )
    steps -= 1;
  if (steps <= 0) return undefined;
  return {
    ...query,
    dtstartMs: clock.resolveWallClockMs(dtstartWallMs + steps * stepMs),
    seriesSize: seriesSize - steps,
  };
}

/** The last instant UNTIL allows, inclusive. */
function resolveUntilMs(until: Until | undefined, timeZone: string): number | undefined {
  if (!until) return undefined;
  switch (until.kind) {
    case 'instant':
      return until.instant.epochMilliseconds;
    case 'date':
      // The whole of that local day, whatever its length.
      return until.date.add({ days: 1 }).toZonedDateTime({ timeZone }).epochMilliseconds - 1;
    case 'local':
      return until.dateTime.toZonedDateTime(timeZone, { disambiguation: 'compatible' }).epochMilliseconds;
  }
}

function createWallClockRule(
  parts: RuleParts,
  dtstartWallMs: number,
  untilWallMs: number | undefined,
  extraIterations = 0,
): RRuleTemporal {
  const options: ManualRuleOptions = {
    freq: parts.freq,
    interval: parts.interval,
    dtstart: toUtcDateTime(dtstartWallMs),
    tzid: 'UTC',
    maxIterations: iterationBudget(parts) + extraIterations,
  };
  if (untilWallMs !== undefined) options.until = toUtcDateTime(untilWallMs);
  if (parts.byMinute) options.byMinute = parts.byMinute;
  if (parts.byHour) options.byHour = parts.byHour;
  if (parts.byDay) options.byDay = parts.byDay.map(formatWeekdayRule);
  if (parts.byMonthDay) options.byMonthDay = parts.byMonthDay;
  if (parts.byYearDay) options.byYearDay = parts.byYearDay;
  if (parts.byWeekNo) options.byWeekNo = parts.byWeekNo;
  if (parts.byMonth) options.byMonth = parts.byMonth;
  if (parts.bySetPos) options.bySetPos = parts.bySetPos;
  if (parts.weekStart) options.wkst = parts.weekStart;
  return new RRuleTemporal(options);
}

function toUtcDateTime(epochMs: number): Temporal.ZonedDateTime {
  return Temporal.Instant.fromEpochMilliseconds(epochMs).toZonedDateTimeISO('UTC');
}

function expandWallClock(rule: RRuleTemporal, collector: InstantCollector): void {
  callLibrary(() => rule.all((candidate) => collector.offer(candidate.epochMilliseconds)));
}

/**
 * Runs a library call, turning its give-up errors into "no further instant": the iteration
 * budget running out (instants further apart than the budget covers) or a date past the range
 * Temporal can represent (about ±275,000 years).
 */
function callLibrary<T>(run: () => T): T | undefined {
  try {
    return run();
  } catch (error) {
    const isGiveUp =
      error instanceof Error &&
      /^(Maximum (iterations|candidate evaluations)|Out-of-bounds date)/.test(error.message);
    if (isGiveUp) return undefined;
    throw error;
  }
}

interface Candidate {
  instantMs: number;
  /** The wall clock at `instantMs`: later than the generated reading when a gap pushed it. */
  shiftedWallMs: number;
}

/**
 * Turns wall-clock candidates, which arrive in wall-clock order, into instants in time order.
 * Order can only break where a gap pushes a reading forward past the readings after it (02:45
 * on a spring-forward night becomes 03:45, after 03:00), so a candidate is held back until the
 * wall clock has passed the reading it was pushed to. Instants are de-duplicated (02:30 and 03:30
 * can meet at 03:30) and COUNT, UNTIL, `after` and `limit` are applied in time order.
 */
class InstantCollector {
  private readonly results: number[] = [];
  private readonly pending: Candidate[] = [];
  private lastEmittedMs = Number.NEGATIVE_INFINITY;
  private emittedCount = 0;
  private isDone = false;

  constructor(
    private readonly query: InstantQuery,
    private readonly clock: ZoneClock,
    private readonly untilMs: number | undefined,
    private readonly dtstartWallMs: number,
  ) {}

  /** DTSTART is the first instance even when the rule would not generate it (RFC 5545 §3.8.5.3). */
  offerDtstart(dtstartMs: number): void {
    this.emit(dtstartMs);
  }

  /** Continue a series whose instants up to and including `instantMs` are already accounted for. */
  startAfter(instantMs: number): void {
    this.lastEmittedMs = instantMs;
  }

  /** Takes the next wall-clock candidate; returns false once no more are wanted. */
  offer(wallMs: number): boolean {
    if (this.isDone) return false;
    // DTSTART's own reading: DTSTART was offered as its exact instant, which may be the later
    // of two instants sharing this reading on a fall-back night.
    if (wallMs === this.dtstartWallMs) return !this.isDone;
    const instantMs = this.clock.resolveWallClockMs(wallMs);
    const shiftedWallMs = this.clock.toWallClockMs(instantMs);
    insertByInstant(this.pending, { instantMs, shiftedWallMs });
    while (this.pending.length > 0 && (this.pending[0] as Candidate).shiftedWallMs <= wallMs) {
      this.emit((this.pending.shift() as Candidate).instantMs);
    }
    return !this.isDone;
  }

  finish(): number[] {
    for (const candidate of this.pending) this.emit(candidate.instantMs);
    this.pending.length = 0;
    return this.results;
  }

  private emit(instantMs: number): void {
    if (this.isDone || instantMs <= this.lastEmittedMs) return;
    if (this.untilMs !== undefined && instantMs > this.untilMs) {
      this.isDone = true;
      return;
    }
    this.lastEmittedMs = instantMs;
    this.emittedCount += 1;
    if (instantMs > this.query.afterMs) this.results.push(instantMs);
    const { limit, seriesSize } = this.query;
    if (this.results.length >= limit || (seriesSize !== undefined && this.emittedCount >= seriesSize)) {
      this.isDone = true;
    }
  }
}

function insertByInstant(pending: Candidate[], candidate: Candidate): void {
  let index = pending.length;
  while (index > 0 && (pending[index - 1] as Candidate).instantMs > candidate.instantMs) index -= 1;
  pending.splice(index, 0, candidate);
}
