/**
 * The recurrence picker's model: presets ⇄ RFC 5545 RRULE bodies. Pure, so every preset's rule is
 * unit-tested; the server remains the judge (it answers BAD_USER_INPUT for a rule it rejects) and
 * the one that turns a rule into `Recurrence.text` and dates.
 */

export const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export const WEEKDAY_NAMES: Record<Weekday, string> = {
  MO: 'Monday',
  TU: 'Tuesday',
  WE: 'Wednesday',
  TH: 'Thursday',
  FR: 'Friday',
  SA: 'Saturday',
  SU: 'Sunday',
};

export const MONTH_NAMES = [
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

export type Preset =
  | 'none'
  | 'daily'
  | 'weekdays'
  | 'weekly'
  | 'monthly-day'
  | 'monthly-nth'
  | 'yearly'
  | 'custom';
export type EndMode = 'never' | 'count' | 'until';

export interface RecurrenceState {
  preset: Preset;
  interval: number;
  weekdays: Weekday[];
  /** 1–31: monthly on a day, and the day of a yearly rule. */
  monthDay: number;
  /** 1–4, or -1 for "last": monthly on the nth weekday. */
  nth: number;
  nthWeekday: Weekday;
  /** 1–12, for yearly. */
  month: number;
  end: EndMode;
  count: number;
  /** `YYYY-MM-DD`, the last local day of the series. */
  until: string;
  custom: string;
}

const weekdayOf = (date: Date): Weekday => WEEKDAYS[(date.getDay() + 6) % 7]!;

/** Presets start from the anchor (the due date, or today): its weekday, day and month. */
export function defaultState(anchor: Date): RecurrenceState {
  const nth = Math.ceil(anchor.getDate() / 7);
  return {
    preset: 'none',
    interval: 1,
    weekdays: [weekdayOf(anchor)],
    monthDay: anchor.getDate(),
    nth: nth > 4 ? -1 : nth,
    nthWeekday: weekdayOf(anchor),
    month: anchor.getMonth() + 1,
    end: 'never',
    count: 10,
    until: '',
    custom: '',
  };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The end of the local day `YYYY-MM-DD` as an RFC 5545 UTC date-time (UNTIL is inclusive). */
export function untilValue(date: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return null;
  const end = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]), 23, 59, 59);
  return `${end.getUTCFullYear()}${pad(end.getUTCMonth() + 1)}${pad(end.getUTCDate())}T${pad(end.getUTCHours())}${pad(end.getUTCMinutes())}${pad(end.getUTCSeconds())}Z`;
}

function untilDate(value: string): string | null {
  const match = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z?))?$/.exec(value);
  if (!match) return null;
  const [, y, mo, d, h = '0', mi = '0', s = '0', z] = match;
  const date = z
    ? new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)))
    : new Date(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** A custom rule as typed, without an `RRULE:` prefix. */
export function normalizeCustom(text: string): string {
  return text.trim().replace(/^RRULE:/i, '');
}

const sortWeekdays = (days: Weekday[]) => WEEKDAYS.filter((d) => days.includes(d));

/** The RRULE body for the picker's state; null for "does not repeat". */
export function buildRule(state: RecurrenceState): string | null {
  if (state.preset === 'none') return null;
  if (state.preset === 'custom') return normalizeCustom(state.custom);
  const interval = state.interval > 1 ? `;INTERVAL=${state.interval}` : '';
  let rule: string;
  switch (state.preset) {
    case 'daily':
      rule = `FREQ=DAILY${interval}`;
      break;
    case 'weekdays':
      rule = 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR';
      break;
    case 'weekly':
      rule = `FREQ=WEEKLY${interval};BYDAY=${sortWeekdays(state.weekdays).join(',')}`;
      break;
    case 'monthly-day':
      rule = `FREQ=MONTHLY${interval};BYMONTHDAY=${state.monthDay}`;
      break;
    case 'monthly-nth':
      rule = `FREQ=MONTHLY${interval};BYDAY=${state.nth}${state.nthWeekday}`;
      break;
    case 'yearly':
      rule = `FREQ=YEARLY${interval};BYMONTH=${state.month};BYMONTHDAY=${state.monthDay}`;
      break;
  }
  if (state.end === 'count') rule += `;COUNT=${state.count}`;
  if (state.end === 'until') {
    const until = untilValue(state.until);
    if (until) rule += `;UNTIL=${until}`;
  }
  return rule;
}

const KNOWN = new Set(['FREQ', 'INTERVAL', 'COUNT', 'UNTIL', 'BYDAY', 'BYMONTHDAY', 'BYMONTH']);
const isWeekday = (value: string): value is Weekday => (WEEKDAYS as readonly string[]).includes(value);

/** The picker's state for a saved rule: a preset when it is one, otherwise "custom". */
export function parseRule(rule: string, anchor: Date): RecurrenceState {
  const state = defaultState(anchor);
  const body = normalizeCustom(rule);
  const custom: RecurrenceState = { ...state, preset: 'custom', custom: body };
  const parts = new Map<string, string>();
  for (const part of body.split(';')) {
    const [key, value] = part.split('=');
    if (!key || value === undefined || !KNOWN.has(key.toUpperCase())) return custom;
    parts.set(key.toUpperCase(), value.toUpperCase());
  }
  const interval = parts.has('INTERVAL') ? Number(parts.get('INTERVAL')) : 1;
  if (!Number.isInteger(interval) || interval < 1) return custom;
  state.interval = interval;
  if (parts.has('COUNT') && parts.has('UNTIL')) return custom;
  if (parts.has('COUNT')) {
    const count = Number(parts.get('COUNT'));
    if (!Number.isInteger(count) || count < 1) return custom;
    state.end = 'count';
    state.count = count;
  }
  if (parts.has('UNTIL')) {
    const until = untilDate(parts.get('UNTIL')!);
    if (!until) return custom;
    state.end = 'until';
    state.until = until;
  }
  const byDay = parts.get('BYDAY')?.split(',');
  const byMonthDay = parts.get('BYMONTHDAY')?.split(',');
  const byMonth = parts.get('BYMONTH')?.split(',');
  const singleDay = (values: string[] | undefined) => {
    if (values?.length !== 1) return null;
    const n = Number(values[0]);
    return Number.isInteger(n) && n >= 1 && n <= 31 ? n : null;
  };
  switch (parts.get('FREQ')) {
    case 'DAILY':
      if (byDay || byMonthDay || byMonth) return custom;
      return { ...state, preset: 'daily' };
    case 'WEEKLY': {
      if (byMonthDay || byMonth) return custom;
      if (!byDay) return { ...state, preset: 'weekly' };
      if (!byDay.every(isWeekday)) return custom;
      const days = sortWeekdays(byDay);
      if (interval === 1 && days.join(',') === 'MO,TU,WE,TH,FR')
        return { ...state, preset: 'weekdays', weekdays: days };
      return { ...state, preset: 'weekly', weekdays: days };
    }
    case 'MONTHLY': {
      if (byMonth) return custom;
      if (byMonthDay && !byDay) {
        const day = singleDay(byMonthDay);
        return day ? { ...state, preset: 'monthly-day', monthDay: day } : custom;
      }
      if (byDay && !byMonthDay) {
        const match = byDay.length === 1 ? /^(-1|[1-4])(MO|TU|WE|TH|FR|SA|SU)$/.exec(byDay[0]!) : null;
        if (!match) return custom;
        return { ...state, preset: 'monthly-nth', nth: Number(match[1]), nthWeekday: match[2] as Weekday };
      }
      if (!byDay && !byMonthDay) return { ...state, preset: 'monthly-day' };
      return custom;
    }
    case 'YEARLY': {
      if (byDay) return custom;
      if (!byMonth && !byMonthDay) return { ...state, preset: 'yearly' };
      const day = singleDay(byMonthDay);
      const month = byMonth?.length === 1 ? Number(byMonth[0]) : Number.NaN;
      if (!day || !Number.isInteger(month) || month < 1 || month > 12) return custom;
      return { ...state, preset: 'yearly', month, monthDay: day };
    }
    default:
      return custom;
  }
}

/** What is wrong with the state, in words, or null. */
export function validateRecurrence(state: RecurrenceState): string | null {
  if (state.preset === 'none') return null;
  if (state.preset === 'custom') {
    const rule = normalizeCustom(state.custom);
    if (!rule) return 'Enter a rule, e.g. FREQ=WEEKLY;BYDAY=MO,WE';
    if (!/(^|;)FREQ=/i.test(rule)) return 'A rule needs a FREQ part, e.g. FREQ=DAILY';
    return null;
  }
  if (!Number.isInteger(state.interval) || state.interval < 1 || state.interval > 999)
    return 'Repeat every 1 to 999';
  if (state.preset === 'weekly' && state.weekdays.length === 0) return 'Choose at least one day of the week';
  if (
    (state.preset === 'monthly-day' || state.preset === 'yearly') &&
    !(state.monthDay >= 1 && state.monthDay <= 31)
  )
    return 'Choose a day of the month from 1 to 31';
  if (state.end === 'count' && !(Number.isInteger(state.count) && state.count >= 1))
    return 'Repeat at least once';
  if (state.end === 'until' && !untilValue(state.until)) return 'Choose the last date';
  return null;
}

const ordinal = (n: number) => (n === -1 ? 'last' : (['', '1st', '2nd', '3rd', '4th'][n] ?? `${n}th`));
const short = (d: Weekday) => WEEKDAY_NAMES[d].slice(0, 3);

/** A local, immediate summary of the choice; the server's `Recurrence.text` is shown once saved. */
export function describe(state: RecurrenceState): string {
  const every = (unit: string) => (state.interval > 1 ? `Every ${state.interval} ${unit}s` : `Every ${unit}`);
  let text: string;
  switch (state.preset) {
    case 'none':
      return 'Does not repeat';
    case 'custom':
      return 'Custom rule';
    case 'daily':
      text = every('day');
      break;
    case 'weekdays':
      text = 'Every weekday (Monday to Friday)';
      break;
    case 'weekly':
      text = `${every('week')} on ${sortWeekdays(state.weekdays).map(short).join(', ') || '…'}`;
      break;
    case 'monthly-day':
      text = `${every('month')} on day ${state.monthDay}`;
      break;
    case 'monthly-nth':
      text = `${every('month')} on the ${ordinal(state.nth)} ${WEEKDAY_NAMES[state.nthWeekday]}`;
      break;
    case 'yearly':
      text = `${every('year')} on ${MONTH_NAMES[state.month - 1]} ${state.monthDay}`;
      break;
  }
  if (state.end === 'count') text += `, ${state.count} time${state.count === 1 ? '' : 's'}`;
  if (state.end === 'until' && state.until) text += `, until ${state.until}`;
  return text;
}
