import type { Recurrence } from './recurrence-types.js';
import {
  type Frequency,
  parseRule,
  type RuleParts,
  type Until,
  type Weekday,
  type WeekdayRule,
} from './rule-parser.js';
import { normalizeTimeZone } from './time-zone.js';

const UNITS: Record<Frequency, string> = {
  MINUTELY: 'minute',
  HOURLY: 'hour',
  DAILY: 'day',
  WEEKLY: 'week',
  MONTHLY: 'month',
  YEARLY: 'year',
};

const WEEKDAY_NAMES: Record<Weekday, string> = {
  MO: 'Monday',
  TU: 'Tuesday',
  WE: 'Wednesday',
  TH: 'Thursday',
  FR: 'Friday',
  SA: 'Saturday',
  SU: 'Sunday',
};

const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** Past this many clock times, "at 09:00, 09:20, …" becomes "at minutes … of hours …". */
const MAX_LISTED_TIMES = 6;

/**
 * Plain English for a valid recurrence, e.g. "every 2 weeks on Monday and Wednesday",
 * "every month on the last day", "every 3 days, 10 times", "every day at 09:00 (Europe/Berlin)".
 *
 * The time zone is named only next to a clock time the rule itself sets (BYHOUR, BYMINUTE):
 * otherwise the time of day comes from the task's own date, which clients already show in the
 * reader's zone. UNTIL is shown as a date in the rule's zone. WKST is not mentioned: it only
 * moves week boundaries. Throws only when the rule itself is invalid.
 */
export function describeRecurrence(recurrence: Recurrence): string {
  const { parts } = parseRule(recurrence.rule);
  const timeZone = normalizeTimeZone(recurrence.timezone);
  const clock = describeClock(parts);
  const setPositions =
    parts.bySetPos && !isSetPositionOfWeekdays(parts) ? describeSetPositions(parts.bySetPos, parts) : '';
  let text = [describeDays(parts), clock && `${clock} (${timeZone})`, setPositions].filter(Boolean).join(' ');
  if (parts.count !== undefined) text += parts.count === 1 ? ', once' : `, ${parts.count} times`;
  if (parts.until) text += ` until ${formatUntil(parts.until, timeZone)}`;
  return text;
}

/** The cadence and the days it lands on: "every 2 weeks on Monday and Wednesday". */
function describeDays(parts: RuleParts): string {
  const every =
    parts.interval === 1 ? `every ${UNITS[parts.freq]}` : `every ${parts.interval} ${UNITS[parts.freq]}s`;
  const weekdays = parts.byDay ?? [];
  const names = weekdays.map((d) => WEEKDAY_NAMES[d.weekday]);
  const isDailyOrWeekly = parts.freq === 'DAILY' || parts.freq === 'WEEKLY';
  const qualifiers: string[] = [];
  let lead = every;

  if (isSetPositionOfWeekdays(parts)) {
    qualifiers.push(
      `on the ${joinWords((parts.bySetPos ?? []).map(formatOrdinal))} ${describeDaySet(weekdays)}`,
    );
  } else if (isDailyOrWeekly && isWorkweek(weekdays)) {
    lead = parts.interval === 1 ? 'every weekday' : `${every} on weekdays`;
  } else if (parts.freq === 'DAILY' && parts.interval === 1 && weekdays.length > 0) {
    lead = `every ${joinWords(names)}`;
  } else if (isDailyOrWeekly && weekdays.length > 0) {
    qualifiers.push(`on ${joinWords(names)}`);
  } else if (weekdays.length > 0) {
    qualifiers.push(describeWeekdays(weekdays, parts));
  }
  if (parts.byMonthDay && !(parts.freq === 'YEARLY' && parts.byMonth)) {
    qualifiers.push(`${parts.byDay ? 'that fall on' : 'on'} ${describeMonthDays(parts.byMonthDay)}`);
  }
  if (parts.byYearDay)
    qualifiers.push(`on the ${joinWords(parts.byYearDay.map(formatOrdinal))} day of the year`);
  if (parts.byWeekNo) {
    qualifiers.push(
      `in ${joinWords(parts.byWeekNo.map((w) => (w > 0 ? `week ${w}` : `the ${formatOrdinal(w)} week`)))}`,
    );
  }
  if (parts.byMonth) qualifiers.push(describeMonths(parts));
  return [lead, ...qualifiers].join(' ');
}

function isWorkweek(weekdays: WeekdayRule[]): boolean {
  return (
    weekdays.length === 5 &&
    weekdays.every((d) => d.ordinal === 0 && d.weekday !== 'SA' && d.weekday !== 'SU')
  );
}

/** BYSETPOS picking among plain weekdays only, the shape of "the last weekday of the month". */
function isSetPositionOfWeekdays(parts: RuleParts): boolean {
  const picksDays =
    !parts.byMonthDay && !parts.byYearDay && !parts.byWeekNo && !parts.byHour && !parts.byMinute;
  return Boolean(parts.bySetPos && parts.byDay?.every((d) => d.ordinal === 0) && picksDays);
}

/** "Monday", "weekday", "day", "weekend day", or "day that is a Tuesday, Wednesday or Thursday". */
function describeDaySet(weekdays: WeekdayRule[]): string {
  const set = new Set(weekdays.map((d) => d.weekday));
  if (set.size === 1) return WEEKDAY_NAMES[weekdays[0]?.weekday ?? 'MO'];
  if (set.size === 7) return 'day';
  if (isWorkweek(weekdays)) return 'weekday';
  if (set.size === 2 && set.has('SA') && set.has('SU')) return 'weekend day';
  return `day that is a ${joinWords(
    weekdays.map((d) => WEEKDAY_NAMES[d.weekday]),
    'or',
  )}`;
}

/** BYDAY for monthly, yearly and sub-daily rules: "on the 2nd Tuesday", "on Thursdays". */
function describeWeekdays(weekdays: WeekdayRule[], parts: RuleParts): string {
  const numbered = weekdays.filter((d) => d.ordinal !== 0);
  const plain = weekdays.filter((d) => d.ordinal === 0);
  const phrases: string[] = [];
  if (plain.length > 0) phrases.push(describePlainWeekdays(plain));
  if (numbered.length > 0) {
    const first = numbered[0] as WeekdayRule;
    const text = numbered.every((d) => d.weekday === first.weekday)
      ? `the ${joinWords(numbered.map((d) => formatOrdinal(d.ordinal)))} ${WEEKDAY_NAMES[first.weekday]}`
      : joinWords(numbered.map((d) => `the ${formatOrdinal(d.ordinal)} ${WEEKDAY_NAMES[d.weekday]}`));
    // Numbered within a month is obvious; a yearly rule without BYMONTH numbers within the year.
    phrases.push(parts.freq === 'YEARLY' && !parts.byMonth ? `${text} of the year` : text);
  }
  return `on ${joinWords(phrases)}`;
}

/** "Thursdays", "weekdays", "weekends", "every day". */
function describePlainWeekdays(weekdays: WeekdayRule[]): string {
  const set = new Set(weekdays.map((d) => d.weekday));
  if (set.size === 7) return 'every day';
  if (isWorkweek(weekdays)) return 'weekdays';
  if (set.size === 2 && set.has('SA') && set.has('SU')) return 'weekends';
  return joinWords(weekdays.map((d) => `${WEEKDAY_NAMES[d.weekday]}s`));
}

/** "the 2nd and 15th", "the last day", "the 1st and last day". */
function describeMonthDays(days: number[]): string {
  const text = `the ${joinWords(days.map(formatOrdinal))}`;
  return days.some((d) => d < 0) ? `${text} day` : text;
}

/** "in June and July", or with days in a yearly rule "on February 29", "on the last day of February". */
function describeMonths(parts: RuleParts): string {
  const months = (parts.byMonth ?? []).map((m) => MONTH_NAMES[m - 1] as string);
  const days = parts.freq === 'YEARLY' ? parts.byMonthDay : undefined;
  if (!days) return `in ${joinWords(months)}`;
  const connector = parts.byDay ? 'that fall on' : 'on';
  const [day] = days;
  if (months.length === 1 && days.length === 1 && day !== undefined && day > 0)
    return `${connector} ${months[0]} ${day}`;
  return `${connector} ${describeMonthDays(days)} of ${joinWords(months)}`;
}

/**
 * Clock times the rule sets: "at 09:00 and 17:30" for daily and longer rules, the minutes and
 * hour window of sub-daily ones ("every 20 minutes during hours 9 to 16").
 */
function describeClock(parts: RuleParts): string {
  const { byHour, byMinute } = parts;
  const minutes = byMinute ? listUnits('minute', byMinute.map(String)) : '';
  const hours = byHour ? listUnits('hour', describeNumberRuns(byHour)) : '';
  if (parts.freq === 'HOURLY' || parts.freq === 'MINUTELY') {
    return [minutes && `at ${minutes}`, hours && `during ${hours}`].filter(Boolean).join(' ');
  }
  if (byHour && byMinute && byHour.length * byMinute.length <= MAX_LISTED_TIMES) {
    const pad = (n: number) => String(n).padStart(2, '0');
    return `at ${joinWords(byHour.flatMap((h) => byMinute.map((m) => `${pad(h)}:${pad(m)}`)))}`;
  }
  if (minutes && hours) return `at ${minutes} of ${hours}`;
  return minutes || hours ? `at ${minutes || hours}` : '';
}

/** BYSETPOS the day phrasing could not absorb: "(only the 3rd of each month)". */
function describeSetPositions(positions: number[], parts: RuleParts): string {
  return `(only the ${joinWords(positions.map(formatOrdinal))} of each ${UNITS[parts.freq]})`;
}

function formatUntil(until: Until, timeZone: string): string {
  const date =
    until.kind === 'date'
      ? until.date
      : until.kind === 'local'
        ? until.dateTime.toPlainDate()
        : until.instant.toZonedDateTimeISO(timeZone).toPlainDate();
  return `${MONTH_NAMES[date.month - 1]} ${date.day}, ${date.year}`;
}

/** 1 → "1st", 22 → "22nd", -1 → "last", -2 → "2nd-to-last". */
function formatOrdinal(n: number): string {
  if (n === -1) return 'last';
  if (n < 0) return `${formatOrdinal(-n)}-to-last`;
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
}

/** 9,10,11,12,17 → ["9 to 12", "17"]: runs of three or more numbers are shortened. */
function describeNumberRuns(numbers: number[]): string[] {
  const sorted = [...numbers].sort((a, b) => a - b);
  const runs: string[] = [];
  let start = 0;
  while (start < sorted.length) {
    let end = start;
    while (end + 1 < sorted.length && sorted[end + 1] === (sorted[end] as number) + 1) end += 1;
    if (end - start >= 2) runs.push(`${sorted[start]} to ${sorted[end]}`);
    else runs.push(...sorted.slice(start, end + 1).map(String));
    start = end + 1;
  }
  return runs;
}

/** "minute 5", "minutes 0 and 30". */
function listUnits(unit: string, values: string[]): string {
  const isPlural = values.length > 1 || values.some((v) => v.includes(' to '));
  return `${unit}${isPlural ? 's' : ''} ${joinWords(values)}`;
}

/** ["a"] → "a", ["a", "b"] → "a and b", ["a", "b", "c"] → "a, b and c". */
function joinWords(words: string[], conjunction = 'and'): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} ${conjunction} ${words[words.length - 1]}`;
}
