import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, userEvent } from '../../test/utils';
import { RecurrencePicker, type RecurrencePreview, type RecurrenceValue } from './RecurrencePicker';
import { buildRule, defaultState, parseRule } from './recurrence';

// Tuesday, 10 March 2026: the 2nd Tuesday of the month.
const anchor = new Date(2026, 2, 10, 9, 0);

function setup(value: RecurrenceValue | null = null, preview?: RecurrencePreview) {
  const onChange = vi.fn<(value: RecurrenceValue | null, problem: string | null) => void>();
  const user = userEvent.setup();
  render(<RecurrencePicker value={value} onChange={onChange} anchor={anchor} preview={preview} />);
  const last = () => onChange.mock.lastCall?.[0] ?? null;
  const problem = () => onChange.mock.lastCall?.[1] ?? null;
  const preset = (label: string) => user.selectOptions(screen.getByLabelText('Repeats'), label);
  return { user, onChange, last, problem, preset };
}

describe('RecurrencePicker presets', () => {
  it('daily, with an interval', async () => {
    const { user, last, preset } = setup();
    await preset('Daily');
    expect(last()).toEqual({ rule: 'FREQ=DAILY', basis: 'DUE_DATE' });
    const every = screen.getByLabelText('Repeat every');
    await user.clear(every);
    await user.type(every, '3');
    expect(last()?.rule).toBe('FREQ=DAILY;INTERVAL=3');
  });

  it('every weekday', async () => {
    const { last, preset } = setup();
    await preset('Every weekday (Mon–Fri)');
    expect(last()?.rule).toBe('FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR');
  });

  it('weekly on chosen days, in weekday order, starting from the due date’s weekday', async () => {
    const { user, last, problem, preset } = setup();
    await preset('Weekly on chosen days');
    expect(last()?.rule).toBe('FREQ=WEEKLY;BYDAY=TU');
    await user.click(screen.getByRole('checkbox', { name: 'Thursday' }));
    await user.click(screen.getByRole('checkbox', { name: 'Monday' }));
    expect(last()?.rule).toBe('FREQ=WEEKLY;BYDAY=MO,TU,TH');
    await user.click(screen.getByRole('checkbox', { name: 'Tuesday' }));
    expect(last()?.rule).toBe('FREQ=WEEKLY;BYDAY=MO,TH');
    const every = screen.getByLabelText('Repeat every');
    await user.clear(every);
    await user.type(every, '2');
    expect(last()?.rule).toBe('FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH');
    await user.click(screen.getByRole('checkbox', { name: 'Monday' }));
    await user.click(screen.getByRole('checkbox', { name: 'Thursday' }));
    expect(problem()).toBe('Choose at least one day of the week');
  });

  it('monthly on a day of the month', async () => {
    const { user, last, preset } = setup();
    await preset('Monthly on a day');
    expect(last()?.rule).toBe('FREQ=MONTHLY;BYMONTHDAY=10');
    const day = screen.getByLabelText('Day of the month');
    await user.clear(day);
    await user.type(day, '31');
    expect(last()?.rule).toBe('FREQ=MONTHLY;BYMONTHDAY=31');
  });

  it('monthly on the 2nd Tuesday, or the last Friday', async () => {
    const { user, last, preset } = setup();
    await preset('Monthly on a weekday (e.g. 2nd Tuesday)');
    expect(last()?.rule).toBe('FREQ=MONTHLY;BYDAY=2TU');
    await user.selectOptions(screen.getByLabelText('Which week'), 'Last');
    await user.selectOptions(screen.getByLabelText('Weekday'), 'Friday');
    expect(last()?.rule).toBe('FREQ=MONTHLY;BYDAY=-1FR');
  });

  it('yearly on the due date’s month and day', async () => {
    const { user, last, preset } = setup();
    await preset('Yearly');
    expect(last()?.rule).toBe('FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=10');
    await user.selectOptions(screen.getByLabelText('Month'), 'December');
    expect(last()?.rule).toBe('FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=10');
  });

  it('ends after a count or on a date (inclusive, as UTC)', async () => {
    const { user, last, preset } = setup();
    await preset('Daily');
    await user.selectOptions(screen.getByLabelText('Ends'), 'After a number of times');
    const count = screen.getByLabelText('Number of times');
    await user.clear(count);
    await user.type(count, '5');
    expect(last()?.rule).toBe('FREQ=DAILY;COUNT=5');
    await user.selectOptions(screen.getByLabelText('Ends'), 'On a date');
    fireEvent.change(screen.getByLabelText('Last date'), { target: { value: '2026-12-31' } });
    // 23:59:59 on 31 December in Berlin (UTC+1) is 22:59:59 UTC.
    expect(last()?.rule).toBe('FREQ=DAILY;UNTIL=20261231T225959Z');
  });

  it('a custom RRULE passes through as typed', async () => {
    const { user, last, preset } = setup();
    await preset('Custom rule (RRULE)');
    const input = screen.getByLabelText('RRULE');
    await user.clear(input);
    await user.type(input, 'FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1');
    expect(last()?.rule).toBe('FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1');
  });

  it('repeats from the completion date when asked', async () => {
    const { user, last, preset } = setup();
    await preset('Daily');
    await user.selectOptions(screen.getByLabelText('Next date counts from'), 'When I complete it');
    expect(last()).toEqual({ rule: 'FREQ=DAILY', basis: 'COMPLETION_DATE' });
  });

  it('“Does not repeat” reports null', async () => {
    const { last, preset } = setup({ rule: 'FREQ=DAILY', basis: 'DUE_DATE' });
    await preset('Does not repeat');
    expect(last()).toBeNull();
  });
});

describe('RecurrencePicker with a saved rule', () => {
  it('opens on the matching preset', () => {
    setup({ rule: 'FREQ=MONTHLY;BYDAY=2TU', basis: 'DUE_DATE' });
    expect((screen.getByLabelText('Repeats') as HTMLSelectElement).value).toBe('monthly-nth');
    expect((screen.getByLabelText('Which week') as HTMLSelectElement).value).toBe('2');
    expect((screen.getByLabelText('Weekday') as HTMLSelectElement).value).toBe('TU');
  });

  it('opens anything else as a custom rule', () => {
    setup({ rule: 'FREQ=DAILY;BYHOUR=9,17', basis: 'DUE_DATE' });
    expect((screen.getByLabelText('Repeats') as HTMLSelectElement).value).toBe('custom');
    expect((screen.getByLabelText('RRULE') as HTMLInputElement).value).toBe('FREQ=DAILY;BYHOUR=9,17');
  });

  it('shows the server’s text and next five dates for the saved rule', async () => {
    const preview: RecurrencePreview = {
      rule: 'FREQ=MONTHLY;BYDAY=2TU',
      basis: 'DUE_DATE',
      timezone: 'Europe/Berlin',
      text: 'every month on the 2nd Tuesday',
      nextOccurrences: [
        '2026-04-14T07:00:00.000Z',
        '2026-05-12T07:00:00.000Z',
        '2026-06-09T07:00:00.000Z',
        '2026-07-14T07:00:00.000Z',
        '2026-08-11T07:00:00.000Z',
      ],
    };
    const { user } = setup({ rule: preview.rule, basis: 'DUE_DATE' }, preview);
    expect(screen.getByText('every month on the 2nd Tuesday')).toBeTruthy();
    expect(screen.getByRole('list', { name: 'Next 5:' }).querySelectorAll('li')).toHaveLength(5);
    // Once the rule changes, the server's words no longer apply.
    await user.selectOptions(screen.getByLabelText('Which week'), 'Third');
    expect(screen.queryByText('every month on the 2nd Tuesday')).toBeNull();
    expect(screen.getByText('Every month on the 3rd Tuesday')).toBeTruthy();
  });
});

describe('rules round-trip', () => {
  it.each([
    'FREQ=DAILY',
    'FREQ=DAILY;INTERVAL=3;COUNT=4',
    'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR',
    'FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE',
    'FREQ=MONTHLY;BYMONTHDAY=15',
    'FREQ=MONTHLY;BYDAY=-1FR',
    'FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=8',
    'FREQ=WEEKLY;BYDAY=SA;UNTIL=20261231T225959Z',
  ])('%s', (rule) => {
    expect(buildRule(parseRule(rule, anchor))).toBe(rule);
  });

  it('defaults follow the anchor', () => {
    const state = defaultState(new Date(2026, 4, 29)); // Friday 29 May 2026: the last Friday
    expect(state).toMatchObject({ weekdays: ['FR'], monthDay: 29, nth: -1, nthWeekday: 'FR', month: 5 });
  });
});
