import { describe, expect, it } from 'vitest';
import { nextOccurrenceOf, planNextOccurrence } from './next-occurrence.js';
import type { Task } from './task.js';

const at = (iso: string) => new Date(iso);

const completed = (overrides: Partial<Task> = {}): Task => ({
  id: '00000000-0000-4000-8000-000000000001',
  ownerId: '00000000-0000-4000-8000-0000000000aa',
  title: 'Water the plants',
  description: 'the ferns too',
  priority: 'HIGH',
  status: 'COMPLETED',
  dueAt: at('2027-03-22T08:00:00Z'),
  completedAt: at('2027-03-21T10:00:00Z'),
  deletedAt: null,
  createdAt: at('2027-03-01T10:00:00Z'),
  updatedAt: at('2027-03-21T10:00:00Z'),
  recurrence: { rule: 'FREQ=WEEKLY;BYDAY=MO', timezone: 'Europe/Berlin', basis: 'DUE_DATE' },
  seriesId: '00000000-0000-4000-8000-0000000000ee',
  occurrenceNumber: 1,
  previousOccurrenceId: null,
  tagIds: ['00000000-0000-4000-8000-0000000000c1'],
  ...overrides,
});

describe('planNextOccurrence', () => {
  it('DUE_DATE: the next slot after the due date, on the wall clock across the March change', () => {
    // Monday 09:00 CET, then Monday 09:00 CEST (Berlin moves to summer time on 2027-03-28).
    expect(planNextOccurrence(completed())).toEqual({ dueAt: at('2027-03-29T07:00:00Z') });
  });

  it('DUE_DATE, completed late: slots missed meanwhile are skipped', () => {
    const task = completed({
      recurrence: { rule: 'FREQ=DAILY', timezone: 'UTC', basis: 'DUE_DATE' },
      dueAt: at('2027-03-01T09:00:00Z'),
      completedAt: at('2027-03-05T12:00:00Z'),
    });
    expect(planNextOccurrence(task)).toEqual({ dueAt: at('2027-03-06T09:00:00Z') });
  });

  it('COMPLETION_DATE: re-anchored at the completion time', () => {
    const task = completed({
      recurrence: { rule: 'FREQ=DAILY;INTERVAL=3', timezone: 'UTC', basis: 'COMPLETION_DATE' },
      completedAt: at('2027-03-05T14:23:00Z'),
    });
    expect(planNextOccurrence(task)).toEqual({ dueAt: at('2027-03-08T14:23:00Z') });
  });

  it('without a due date the series starts at createdAt', () => {
    const task = completed({
      dueAt: null,
      recurrence: { rule: 'FREQ=DAILY', timezone: 'UTC', basis: 'DUE_DATE' },
      createdAt: at('2027-03-01T10:00:00Z'),
      completedAt: at('2027-03-01T10:05:00Z'),
    });
    expect(planNextOccurrence(task)).toEqual({ dueAt: at('2027-03-02T10:00:00Z') });
  });

  it('COUNT counts the tasks of the series; UNTIL bounds the due dates', () => {
    const rule = (r: string) => ({ rule: r, timezone: 'UTC', basis: 'DUE_DATE' as const });
    expect(
      planNextOccurrence(completed({ recurrence: rule('FREQ=DAILY;COUNT=3'), occurrenceNumber: 2 })),
    ).toEqual({
      dueAt: at('2027-03-23T08:00:00Z'),
    });
    expect(
      planNextOccurrence(completed({ recurrence: rule('FREQ=DAILY;COUNT=3'), occurrenceNumber: 3 })),
    ).toEqual({
      none: 'exhausted',
    });
    expect(planNextOccurrence(completed({ recurrence: rule('FREQ=DAILY;UNTIL=20270322T235959Z') }))).toEqual({
      none: 'exhausted',
    });
  });

  it('a reopened task or a stopped series makes none; a deleted occurrence still continues', () => {
    expect(planNextOccurrence(completed({ status: 'OPEN', completedAt: null }))).toEqual({
      none: 'not-completed',
    });
    expect(planNextOccurrence(completed({ recurrence: null }))).toEqual({ none: 'not-recurring' });
    expect(planNextOccurrence(completed({ deletedAt: at('2027-03-21T11:00:00Z') }))).toEqual({
      dueAt: at('2027-03-29T07:00:00Z'),
    });
  });
});

describe('nextOccurrenceOf', () => {
  it('copies what the series shares and links the new task to the completed one', () => {
    const previous = completed({ occurrenceNumber: 4 });
    expect(nextOccurrenceOf(previous, at('2027-03-29T07:00:00Z'))).toEqual({
      ownerId: previous.ownerId,
      title: 'Water the plants',
      description: 'the ferns too',
      priority: 'HIGH',
      dueAt: at('2027-03-29T07:00:00Z'),
      tagIds: previous.tagIds,
      recurrence: previous.recurrence,
      seriesId: previous.seriesId,
      occurrenceNumber: 5,
      previousOccurrenceId: previous.id,
    });
  });

  it('a repeating task without a series (written outside the service) starts one at itself', () => {
    const previous = completed({ seriesId: null, occurrenceNumber: null });
    expect(nextOccurrenceOf(previous, at('2027-03-29T07:00:00Z'))).toMatchObject({
      seriesId: previous.id,
      occurrenceNumber: 2,
    });
  });
});
