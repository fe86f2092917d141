import { useEffect, useId, useRef, useState } from 'react';
import type { RecurrenceBasis } from '../../gql/graphql';
import { formatDateTime } from '../../lib/datetime';
import {
  buildRule,
  defaultState,
  describe,
  MONTH_NAMES,
  type Preset,
  parseRule,
  type RecurrenceState,
  validateRecurrence,
  WEEKDAY_NAMES,
  WEEKDAYS,
  type Weekday,
} from './recurrence';

export interface RecurrenceValue {
  rule: string;
  basis: RecurrenceBasis;
}

/** What the server says about the saved rule: its words and its next dates. */
export interface RecurrencePreview {
  rule: string;
  basis: RecurrenceBasis;
  text: string;
  timezone: string;
  nextOccurrences: string[];
}

const PRESETS: { value: Preset; label: string }[] = [
  { value: 'none', label: 'Does not repeat' },
  { value: 'daily', label: 'Daily' },
  { value: 'weekdays', label: 'Every weekday (Mon–Fri)' },
  { value: 'weekly', label: 'Weekly on chosen days' },
  { value: 'monthly-day', label: 'Monthly on a day' },
  { value: 'monthly-nth', label: 'Monthly on a weekday (e.g. 2nd Tuesday)' },
  { value: 'yearly', label: 'Yearly' },
  { value: 'custom', label: 'Custom rule (RRULE)' },
];

const UNITS: Partial<Record<Preset, string>> = {
  daily: 'day',
  weekly: 'week',
  'monthly-day': 'month',
  'monthly-nth': 'month',
  yearly: 'year',
};

const ORDINALS = [
  { value: 1, label: 'First' },
  { value: 2, label: 'Second' },
  { value: 3, label: 'Third' },
  { value: 4, label: 'Fourth' },
  { value: -1, label: 'Last' },
];

/**
 * Presets (daily, weekdays, weekly on chosen days, monthly on a day or on "the 2nd Tuesday",
 * yearly) or a custom RRULE, which passes through as typed. Reports `{rule, basis}` (null: does not
 * repeat) and a validation message on every change.
 */
export function RecurrencePicker({
  value,
  onChange,
  anchor,
  preview,
  error,
}: {
  value: RecurrenceValue | null;
  onChange: (value: RecurrenceValue | null, problem: string | null) => void;
  /** The due date (or today): presets start on its weekday, day and month. */
  anchor: Date;
  preview?: RecurrencePreview | null;
  error?: string | null;
}) {
  const id = useId();
  const [state, setState] = useState<RecurrenceState>(() =>
    value ? parseRule(value.rule, anchor) : defaultState(anchor),
  );
  const [basis, setBasis] = useState<RecurrenceBasis>(value?.basis ?? 'DUE_DATE');

  const emit = (next: RecurrenceState, nextBasis = basis) => {
    setState(next);
    setBasis(nextBasis);
    const rule = buildRule(next);
    onChange(rule === null ? null : { rule, basis: nextBasis }, validateRecurrence(next));
  };

  // Until the user picks days themselves (or the rule was saved), presets follow the due date.
  const chosen = useRef(value !== null);
  const fromAnchor = (date: Date) => {
    const { weekdays, monthDay, nth, nthWeekday, month } = defaultState(date);
    return { weekdays, monthDay, nth, nthWeekday, month };
  };
  const update = (patch: Partial<RecurrenceState>) => {
    if (['weekdays', 'monthDay', 'nth', 'nthWeekday', 'month'].some((key) => key in patch))
      chosen.current = true;
    emit({ ...state, ...patch });
  };
  const anchorKey = `${anchor.getFullYear()}-${anchor.getMonth()}-${anchor.getDate()}`;
  const firstAnchor = useRef(anchorKey);
  // biome-ignore lint/correctness/useExhaustiveDependencies: follows the anchor's day only
  useEffect(() => {
    if (anchorKey === firstAnchor.current) return;
    firstAnchor.current = anchorKey;
    if (!chosen.current && state.preset !== 'none' && state.preset !== 'custom')
      emit({ ...state, ...fromAnchor(anchor) });
  }, [anchorKey]);

  const changePreset = (preset: Preset) => {
    const base = chosen.current ? state : { ...state, ...fromAnchor(anchor) };
    if (preset === 'custom' && !state.custom) {
      const current = buildRule(state);
      emit({ ...base, preset, custom: current ?? 'FREQ=WEEKLY;BYDAY=MO' });
    } else {
      emit({ ...base, preset });
    }
  };

  const toggleDay = (day: Weekday) =>
    update({
      weekdays: state.weekdays.includes(day)
        ? state.weekdays.filter((d) => d !== day)
        : [...state.weekdays, day],
    });

  const unit = UNITS[state.preset];
  const rule = buildRule(state);
  const problem = error ?? null;
  const showPreview = preview && rule === preview.rule && basis === preview.basis;

  return (
    <fieldset className="recurrence">
      <legend className="field-label">Repeat</legend>
      <div className="recurrence-row">
        <label className="sr-only" htmlFor={`${id}-preset`}>
          Repeats
        </label>
        <select
          id={`${id}-preset`}
          className="input"
          value={state.preset}
          onChange={(e) => changePreset(e.target.value as Preset)}
        >
          {PRESETS.map((p) => (
            <option key={p.value} value={p.value}>
              {p.label}
            </option>
          ))}
        </select>
        {unit ? (
          <span className="inline-field">
            <label htmlFor={`${id}-interval`}>Repeat every</label>
            <span className="with-unit">
              <input
                id={`${id}-interval`}
                className="input input-number"
                type="number"
                min={1}
                max={999}
                value={Number.isNaN(state.interval) ? '' : state.interval}
                onChange={(e) => update({ interval: e.target.valueAsNumber })}
                aria-describedby={`${id}-unit`}
              />
              <span id={`${id}-unit`}>{state.interval === 1 ? unit : `${unit}s`}</span>
            </span>
          </span>
        ) : null}
      </div>

      {state.preset === 'weekly' ? (
        <div className="weekday-picker" role="group" aria-label="Days of the week">
          {WEEKDAYS.map((day) => (
            <label key={day} className="toggle-chip">
              <input type="checkbox" checked={state.weekdays.includes(day)} onChange={() => toggleDay(day)} />
              <span aria-hidden="true">{WEEKDAY_NAMES[day].slice(0, 2)}</span>
              <span className="sr-only">{WEEKDAY_NAMES[day]}</span>
            </label>
          ))}
        </div>
      ) : null}

      {state.preset === 'monthly-day' ? (
        <span className="inline-field">
          <label htmlFor={`${id}-monthday`}>Day of the month</label>
          <input
            id={`${id}-monthday`}
            className="input input-number"
            type="number"
            min={1}
            max={31}
            value={Number.isNaN(state.monthDay) ? '' : state.monthDay}
            onChange={(e) => update({ monthDay: e.target.valueAsNumber })}
          />
        </span>
      ) : null}

      {state.preset === 'monthly-nth' ? (
        <div className="recurrence-row">
          <span className="inline-field">
            <label htmlFor={`${id}-nth`}>Which week</label>
            <select
              id={`${id}-nth`}
              className="input"
              value={state.nth}
              onChange={(e) => update({ nth: Number(e.target.value) })}
            >
              {ORDINALS.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
          </span>
          <span className="inline-field">
            <label htmlFor={`${id}-nthday`}>Weekday</label>
            <select
              id={`${id}-nthday`}
              className="input"
              value={state.nthWeekday}
              onChange={(e) => update({ nthWeekday: e.target.value as Weekday })}
            >
              {WEEKDAYS.map((d) => (
                <option key={d} value={d}>
                  {WEEKDAY_NAMES[d]}
                </option>
              ))}
            </select>
          </span>
        </div>
      ) : null}

      {state.preset === 'yearly' ? (
        <div className="recurrence-row">
          <span className="inline-field">
            <label htmlFor={`${id}-month`}>Month</label>
            <select
              id={`${id}-month`}
              className="input"
              value={state.month}
              onChange={(e) => update({ month: Number(e.target.value) })}
            >
              {MONTH_NAMES.map((name, i) => (
                <option key={name} value={i + 1}>
                  {name}
                </option>
              ))}
            </select>
          </span>
          <span className="inline-field">
            <label htmlFor={`${id}-yearday`}>Day of the month</label>
            <input
              id={`${id}-yearday`}
              className="input input-number"
              type="number"
              min={1}
              max={31}
              value={Number.isNaN(state.monthDay) ? '' : state.monthDay}
              onChange={(e) => update({ monthDay: e.target.valueAsNumber })}
            />
          </span>
        </div>
      ) : null}

      {state.preset === 'custom' ? (
        <div className="field">
          <label className="field-label" htmlFor={`${id}-custom`}>
            RRULE
          </label>
          <input
            id={`${id}-custom`}
            className="input input-mono"
            value={state.custom}
            spellCheck={false}
            autoCapitalize="characters"
            placeholder="FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE"
            onChange={(e) => update({ custom: e.target.value })}
            aria-describedby={`${id}-custom-hint`}
          />
          <p id={`${id}-custom-hint`} className="field-hint">
            An RFC 5545 rule body, evaluated in your timezone from the due date.
          </p>
        </div>
      ) : null}

      {state.preset !== 'none' && state.preset !== 'custom' ? (
        <div className="recurrence-row">
          <span className="inline-field">
            <label htmlFor={`${id}-end`}>Ends</label>
            <select
              id={`${id}-end`}
              className="input"
              value={state.end}
              onChange={(e) => update({ end: e.target.value as RecurrenceState['end'] })}
            >
              <option value="never">Never</option>
              <option value="count">After a number of times</option>
              <option value="until">On a date</option>
            </select>
          </span>
          {state.end === 'count' ? (
            <span className="inline-field">
              <label htmlFor={`${id}-count`}>Number of times</label>
              <input
                id={`${id}-count`}
                className="input input-number"
                type="number"
                min={1}
                value={Number.isNaN(state.count) ? '' : state.count}
                onChange={(e) => update({ count: e.target.valueAsNumber })}
              />
            </span>
          ) : null}
          {state.end === 'until' ? (
            <span className="inline-field">
              <label htmlFor={`${id}-until`}>Last date</label>
              <input
                id={`${id}-until`}
                className="input"
                type="date"
                value={state.until}
                onChange={(e) => update({ until: e.target.value })}
              />
            </span>
          ) : null}
        </div>
      ) : null}

      {state.preset !== 'none' ? (
        <>
          <span className="inline-field">
            <label htmlFor={`${id}-basis`}>Next date counts from</label>
            <select
              id={`${id}-basis`}
              className="input"
              value={basis}
              onChange={(e) => emit(state, e.target.value as RecurrenceBasis)}
            >
              <option value="DUE_DATE">The due date</option>
              <option value="COMPLETION_DATE">When I complete it</option>
            </select>
          </span>
          <div className="recurrence-summary" aria-live="polite">
            {showPreview ? (
              <>
                <p>
                  <strong className="recurrence-text">{preview.text}</strong>{' '}
                  <span className="muted">({preview.timezone})</span>
                </p>
                {preview.nextOccurrences.length ? (
                  <div>
                    <p className="muted small" id={`${id}-next`}>
                      Next {preview.nextOccurrences.length}:
                    </p>
                    <ol className="occurrences" aria-labelledby={`${id}-next`}>
                      {preview.nextOccurrences.map((at) => (
                        <li key={at}>
                          <time dateTime={at}>{formatDateTime(at)}</time>
                        </li>
                      ))}
                    </ol>
                  </div>
                ) : (
                  <p className="muted small">No further occurrences.</p>
                )}
              </>
            ) : (
              <p>
                <span className="recurrence-text">{describe(state)}</span>
                <span className="muted small"> · the next dates appear once saved</span>
              </p>
            )}
          </div>
        </>
      ) : null}
      {problem ? (
        <p className="field-error" role="alert">
          {problem}
        </p>
      ) : null}
    </fieldset>
  );
}
