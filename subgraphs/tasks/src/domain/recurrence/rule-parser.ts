import { Temporal } from 'temporal-polyfill';
import { createRecurrenceError } from './recurrence-error.js';

export const MAX_RULE_LENGTH = 1000;

/**
 * A task series longer than this is almost certainly a typo. DAILY and WEEKLY rules without BY
 * parts are skipped through in whole steps; every other rule with COUNT is walked from its first
 * instant on every query, one library step per instant, so its COUNT is at most MAX_COUNT_WALKED
 * (checked on input by parseRecurrence; a walk of that many takes a few milliseconds).
 */
export const MAX_COUNT = 100_000;
export const MAX_COUNT_WALKED = 1_000;

export const FREQUENCIES = ['MINUTELY', 'HOURLY', 'DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY'] as const;
export type Frequency = (typeof FREQUENCIES)[number];

export const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** One BYDAY entry: `ordinal` 0 means every such weekday, 2 the second, -1 the last. */
export interface WeekdayRule {
  ordinal: number;
  weekday: Weekday;
}

/**
 * UNTIL as written. RFC 5545 wants a UTC date-time when DTSTART has a time zone; a DATE
 * ("through the end of that day") and a floating date-time are also accepted and are read in
 * the rule's time zone, because that is what a person typing them means.
 */
export type Until =
  | { kind: 'instant'; instant: Temporal.Instant }
  | { kind: 'date'; date: Temporal.PlainDate }
  | { kind: 'local'; dateTime: Temporal.PlainDateTime };

export interface RuleParts {
  freq: Frequency;
  interval: number;
  count?: number;
  until?: Until;
  byMinute?: number[];
  byHour?: number[];
  byDay?: WeekdayRule[];
  byMonthDay?: number[];
  byYearDay?: number[];
  byWeekNo?: number[];
  byMonth?: number[];
  bySetPos?: number[];
  weekStart?: Weekday;
}

export interface ParsedRule {
  /** The rule re-serialised: upper case, no "RRULE:" prefix, parts in the order given. */
  text: string;
  parts: RuleParts;
}

type ListPart = 'BYMINUTE' | 'BYHOUR' | 'BYMONTHDAY' | 'BYYEARDAY' | 'BYWEEKNO' | 'BYMONTH' | 'BYSETPOS';

/** RFC 5545 §3.3.10 value ranges; `signed` lists count from the end with negative values. */
const listRanges: Record<
  ListPart,
  { key: keyof RuleParts; max: number; min: number; signed: boolean; what: string }
> = {
  BYMINUTE: { key: 'byMinute', min: 0, max: 59, signed: false, what: 'minutes from 0 to 59' },
  BYHOUR: { key: 'byHour', min: 0, max: 23, signed: false, what: 'hours from 0 to 23' },
  BYMONTHDAY: { key: 'byMonthDay', min: 1, max: 31, signed: true, what: 'days from 1 to 31 or -31 to -1' },
  BYYEARDAY: { key: 'byYearDay', min: 1, max: 366, signed: true, what: 'days from 1 to 366 or -366 to -1' },
  BYWEEKNO: { key: 'byWeekNo', min: 1, max: 53, signed: true, what: 'weeks from 1 to 53 or -53 to -1' },
  BYMONTH: { key: 'byMonth', min: 1, max: 12, signed: false, what: 'months from 1 to 12' },
  BYSETPOS: {
    key: 'bySetPos',
    min: 1,
    max: 366,
    signed: true,
    what: 'positions from 1 to 366 or -366 to -1',
  },
};

const MAX_INTEGER_DIGITS = 9;

/**
 * Parses and validates an RRULE body. Throws BAD_USER_INPUT (field `recurrence`) with a message
 * a person can act on for anything RFC 5545 does not allow or this engine does not support.
 */
export function parseRule(input: string): ParsedRule {
  if (typeof input !== 'string') throw createRecurrenceError('The recurrence rule must be a string.');
  if (input.includes('\u0000')) throw createRecurrenceError('The recurrence rule contains a NUL character.');
  if (input.length > MAX_RULE_LENGTH) {
    throw createRecurrenceError(`The recurrence rule is longer than ${MAX_RULE_LENGTH} characters.`);
  }
  const body = input.trim().replace(/^RRULE:/i, '');
  assertRuleBodyOnly(body);

  const parts: Partial<RuleParts> = {};
  const seen = new Set<string>();
  const texts: string[] = [];
  // Empty segments (a trailing ";") carry nothing and are dropped rather than refused.
  for (const segment of body.split(';').filter((s) => s !== '')) {
    const [rawName, value, ...extra] = segment.split('=');
    const name = rawName?.toUpperCase() ?? '';
    if (!name || value === undefined || extra.length > 0) {
      throw createRecurrenceError(`"${segment}" is not a NAME=VALUE rule part.`);
    }
    if (seen.has(name)) throw createRecurrenceError(`${name} appears more than once in the recurrence rule.`);
    seen.add(name);
    if (value === '') throw createRecurrenceError(`${name} has no value.`);
    texts.push(`${name}=${parsePart(name, value.toUpperCase(), parts)}`);
  }
  const complete = requireFrequency(parts);
  assertPartsCombine(complete);
  return { text: texts.join(';'), parts: complete };
}

function assertRuleBodyOnly(body: string): void {
  if (body === '') throw createRecurrenceError('The recurrence rule is empty.');
  if (/[\r\n:]/.test(body)) {
    const hint = /DTSTART/i.test(body)
      ? ' DTSTART comes from the task (its due date, or its creation time).'
      : '';
    throw createRecurrenceError(
      `Give only the RRULE body, e.g. "FREQ=WEEKLY;BYDAY=MO", without other iCalendar properties.${hint}`,
    );
  }
  if (/\s/.test(body)) throw createRecurrenceError('The recurrence rule must not contain spaces.');
  if (/[^\x21-\x7e]/.test(body)) {
    throw createRecurrenceError('The recurrence rule contains characters that cannot appear in an RRULE.');
  }
}

/** Stores one part's value in `parts` and returns its canonical text. */
function parsePart(name: string, value: string, parts: Partial<RuleParts>): string {
  switch (name) {
    case 'FREQ':
      parts.freq = parseFrequency(value);
      return value;
    case 'INTERVAL':
      parts.interval = parsePositiveInteger(name, value);
      return String(parts.interval);
    case 'COUNT':
      parts.count = parsePositiveInteger(name, value);
      if (parts.count > MAX_COUNT)
        throw createRecurrenceError(`COUNT can be at most ${MAX_COUNT} (got ${value}).`);
      return String(parts.count);
    case 'UNTIL':
      parts.until = parseUntil(value);
      return value;
    case 'BYDAY':
      parts.byDay = parseWeekdayList(value);
      return parts.byDay.map(formatWeekdayRule).join(',');
    case 'BYSECOND':
      // Seconds times minutes times hours makes millions of candidates a period, and a task
      // needs no second-level schedule: the seconds come from the task's date.
      throw createRecurrenceError('BYSECOND is not supported: rules repeat at most once a minute.');
    case 'WKST':
      parts.weekStart = parseWeekday(value, 'WKST must be a weekday: MO, TU, WE, TH, FR, SA or SU');
      return value;
    default:
      if (name in listRanges) {
        const list = parseIntegerList(name as ListPart, value);
        (parts as Record<string, unknown>)[listRanges[name as ListPart].key] = list;
        return list.join(',');
      }
      throw createRecurrenceError(describeUnknownPart(name));
  }
}

function describeUnknownPart(name: string): string {
  if (name === 'DTSTART')
    return 'DTSTART is not a rule part: it comes from the task (its due date, or its creation time).';
  if (name === 'RSCALE' || name === 'SKIP') return `${name} (RFC 7529 calendar scales) is not supported.`;
  return `Unknown rule part "${name}". Allowed: FREQ, INTERVAL, COUNT, UNTIL, BYMINUTE, BYHOUR, BYDAY, BYMONTHDAY, BYYEARDAY, BYWEEKNO, BYMONTH, BYSETPOS, WKST.`;
}

function parseFrequency(value: string): Frequency {
  if (value === 'SECONDLY') {
    throw createRecurrenceError('FREQ=SECONDLY is not supported: the shortest repetition is FREQ=MINUTELY.');
  }
  const freq = FREQUENCIES.find((f) => f === value);
  if (!freq) throw createRecurrenceError(`FREQ must be one of ${FREQUENCIES.join(', ')} (got "${value}").`);
  return freq;
}

function parsePositiveInteger(name: string, value: string): number {
  const pattern = new RegExp(`^\\d{1,${MAX_INTEGER_DIGITS}}$`);
  const number = pattern.test(value) ? Number(value) : 0;
  if (number < 1)
    throw createRecurrenceError(`${name} must be a whole number from 1 to 999999999 (got "${value}").`);
  return number;
}

function parseIntegerList(name: ListPart, value: string): number[] {
  const range = listRanges[name];
  const pattern = range.signed ? /^[+-]?\d{1,3}$/ : /^\d{1,2}$/;
  const numbers = value.split(',').map((token) => {
    const number = pattern.test(token) ? Number(token) : Number.NaN;
    const magnitude = range.signed ? Math.abs(number) : number;
    if (!(magnitude >= range.min && magnitude <= range.max)) {
      throw createRecurrenceError(`${name} must list ${range.what} (got "${token}").`);
    }
    return number;
  });
  return [...new Set(numbers)];
}

function parseWeekday(value: string, message: string): Weekday {
  const weekday = WEEKDAYS.find((w) => w === value);
  if (!weekday) throw createRecurrenceError(`${message} (got "${value}").`);
  return weekday;
}

function parseWeekdayList(value: string): WeekdayRule[] {
  const rules = value.split(',').map((token): WeekdayRule => {
    const match = /^([+-]?\d{1,2})?([A-Z]{2})$/.exec(token);
    const ordinal = match?.[1] ? Number(match[1]) : 0;
    if (!match || Math.abs(ordinal) > 53 || (match[1] && ordinal === 0)) {
      throw createRecurrenceError(
        `BYDAY must list weekdays such as MO or TU, optionally numbered like 1MO or -1FR (1 to 53) (got "${token}").`,
      );
    }
    return {
      ordinal,
      weekday: parseWeekday(match[2] as string, 'BYDAY must list weekdays such as MO or TU'),
    };
  });
  const unique = new Map(rules.map((r) => [formatWeekdayRule(r), r]));
  return [...unique.values()];
}

export function formatWeekdayRule(rule: WeekdayRule): string {
  return rule.ordinal === 0 ? rule.weekday : `${rule.ordinal}${rule.weekday}`;
}

function parseUntil(value: string): Until {
  const match = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z?))?$/.exec(value);
  if (!match) {
    throw createRecurrenceError(
      `UNTIL must be a date like 20270301 or a UTC date-time like 20270301T000000Z (got "${value}").`,
    );
  }
  const [, year, month, day, hour, minute, second] = match.map(Number);
  try {
    const date = Temporal.PlainDate.from({ year, month, day } as Temporal.PlainDateLike, {
      overflow: 'reject',
    });
    if (match[4] === undefined) return { kind: 'date', date };
    const dateTime = date.toPlainDateTime(
      Temporal.PlainTime.from({ hour, minute, second } as Temporal.PlainTimeLike, { overflow: 'reject' }),
    );
    return match[7] === 'Z'
      ? { kind: 'instant', instant: dateTime.toZonedDateTime('UTC').toInstant() }
      : { kind: 'local', dateTime };
  } catch (error) {
    if (error instanceof RangeError)
      throw createRecurrenceError(`UNTIL is not a valid date (got "${value}").`);
    throw error;
  }
}

function requireFrequency(parts: Partial<RuleParts>): RuleParts {
  if (!parts.freq) throw createRecurrenceError('The recurrence rule needs a FREQ part, e.g. FREQ=WEEKLY.');
  return { ...parts, freq: parts.freq, interval: parts.interval ?? 1 };
}

/** The combinations RFC 5545 §3.3.10 forbids, each with the reason spelled out. */
function assertPartsCombine(parts: RuleParts): void {
  const { freq } = parts;
  if (parts.count !== undefined && parts.until !== undefined) {
    throw createRecurrenceError('COUNT and UNTIL cannot both be given: use one of them to end the series.');
  }
  const numbered = parts.byDay?.find((d) => d.ordinal !== 0);
  if (numbered && freq !== 'MONTHLY' && freq !== 'YEARLY') {
    throw createRecurrenceError(
      `BYDAY=${formatWeekdayRule(numbered)} (a numbered weekday) needs FREQ=MONTHLY or FREQ=YEARLY.`,
    );
  }
  if (numbered && parts.byWeekNo) {
    throw createRecurrenceError('A numbered BYDAY (like 1MO) cannot be combined with BYWEEKNO.');
  }
  if (parts.byMonthDay && freq === 'WEEKLY') {
    throw createRecurrenceError('BYMONTHDAY cannot be used with FREQ=WEEKLY.');
  }
  if (parts.byYearDay && (freq === 'DAILY' || freq === 'WEEKLY' || freq === 'MONTHLY')) {
    throw createRecurrenceError(`BYYEARDAY cannot be used with FREQ=${freq}.`);
  }
  if (parts.byWeekNo && freq !== 'YEARLY') throw createRecurrenceError('BYWEEKNO needs FREQ=YEARLY.');
  const hasOtherByPart = [
    parts.byMinute,
    parts.byHour,
    parts.byDay,
    parts.byMonthDay,
    parts.byYearDay,
    parts.byWeekNo,
    parts.byMonth,
  ].some(Boolean);
  if (parts.bySetPos && !hasOtherByPart) {
    throw createRecurrenceError('BYSETPOS needs another BY part (such as BYDAY) to pick positions from.');
  }
  assertMonthDaysExist(parts);
}

/** The commonest impossible rule, FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30, gets a precise message. */
function assertMonthDaysExist(parts: RuleParts): void {
  if (!parts.byMonth || !parts.byMonthDay) return;
  const longestMonth = (month: number) => (month === 2 ? 29 : [4, 6, 9, 11].includes(month) ? 30 : 31);
  const days = parts.byMonthDay;
  const exists = parts.byMonth.some((month) => days.some((day) => Math.abs(day) <= longestMonth(month)));
  if (!exists) {
    throw createRecurrenceError(
      `BYMONTH=${parts.byMonth.join(',')} with BYMONTHDAY=${days.join(',')} matches no real date, so the task would never repeat.`,
    );
  }
}
