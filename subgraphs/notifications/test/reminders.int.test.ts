import { createEnvelope, type EnvelopeOf, type TaskSnapshot } from '@taskflow/events';
import { createDeferred, readStreamEnvelopes, waitFor } from '@taskflow/events/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  anonymous,
  inSeconds,
  type NotificationsHarness,
  type Persona,
  persona,
  startNotificationsHarness,
} from './support.js';

const REMINDER = 'id taskId remindAt minutesBefore firedAt cancelledAt';
const ADD = `mutation ($taskId: ID!, $input: ReminderInput!) { addReminder(taskId: $taskId, input: $input) { ${REMINDER} } }`;
const REMINDERS = `query ($representations: [_Any!]!) {
  _entities(representations: $representations) { ... on Task { id reminders { ${REMINDER} } } }
}`;

interface ReminderShape {
  id: string;
  taskId: string;
  remindAt: string;
  minutesBefore: number | null;
  firedAt: string | null;
  cancelledAt: string | null;
}

let harness: NotificationsHarness;
let owner: Persona;
beforeAll(async () => {
  // No scheduler: these tests are about what reminders are, not about firing them. The recurrence
  // worker makes the next occurrences of recurring tasks.
  harness = await startNotificationsHarness(
    { REMINDER_SCHEDULER_ENABLED: 'false' },
    { recurrenceWorker: true },
  );
  owner = persona();
});
afterAll(() => harness?.stop());

const add = async (who: Persona, taskId: string, input: Record<string, unknown>) => {
  const result = await harness.request<{ addReminder: ReminderShape }>(who.identity, ADD, { taskId, input });
  if (result.errors) throw Object.assign(new Error(result.errors[0]!.message), result.errors[0]);
  return result.data!.addReminder;
};
const addError = async (who: Persona, taskId: string, input: Record<string, unknown>) => {
  const result = await harness.request(who.identity, ADD, { taskId, input });
  return result.errors?.[0]?.extensions;
};
const remindersOf = async (who: Persona, taskId: string) => {
  const result = await harness.request<{ _entities: { reminders: ReminderShape[] }[] }>(
    who.identity,
    REMINDERS,
    { representations: [{ __typename: 'Task', id: taskId }] },
  );
  return result.data!._entities[0]!.reminders;
};
const copyOf = (taskId: string) => harness.notifications.deps.knex('task_copies').where({ taskId }).first();
/** Waits until the subgraph's copy of the task reflects the snapshot (the event was applied). */
const applied = (task: TaskSnapshot) =>
  waitFor(
    async () => {
      const copy = await copyOf(task.id);
      return copy && copy.version.toISOString() === task.updatedAt;
    },
    { message: `task ${task.id} at ${task.updatedAt}` },
  );
/** Waits for the TaskCreated on the tasks stream (as the tasks relay published it) that `matches`. */
const taskCreated = (matches: (event: EnvelopeOf<'TaskCreated'>) => boolean) =>
  waitFor(
    async () =>
      (await readStreamEnvelopes(harness.redis, `${harness.prefix}events:tasks`))
        .map(({ entryId: _entryId, ...event }) => event as EnvelopeOf<'TaskCreated'>)
        .find((event) => event.type === 'TaskCreated' && matches(event)),
    { message: 'the TaskCreated on the tasks stream' },
  );

describe('addReminder', () => {
  it('adds absolute and minutesBefore reminders, listed soonest first on Task.reminders', async () => {
    const task = await harness.createTask(owner, { dueAt: inSeconds(3600) });
    const remindAt = inSeconds(600);
    const absolute = await add(owner, task.id, { remindAt });
    const before = await add(owner, task.id, { minutesBefore: 30 });
    expect(absolute).toMatchObject({ taskId: task.id, remindAt, minutesBefore: null, firedAt: null });
    expect(before).toMatchObject({
      minutesBefore: 30,
      remindAt: new Date(Date.parse(task.dueAt!) - 30 * 60_000).toISOString(),
    });
    expect((await remindersOf(owner, task.id)).map((r) => r.id)).toEqual([absolute.id, before.id]);
  });

  it('works before the subgraph has seen the task’s events (it asks the tasks subgraph)', async () => {
    // The consumer's handling of task events is held until the reminder is added: TaskCreated is
    // relayed, but not applied yet. Then it goes on, unchanged.
    const { taskCopies } = harness.notifications;
    const apply = taskCopies.apply.bind(taskCopies);
    const release = createDeferred();
    const held = vi.spyOn(taskCopies, 'apply').mockImplementation(async (event) => {
      await release.promise;
      return apply(event);
    });
    try {
      const task = await harness.createTask(owner, { dueAt: inSeconds(7200) });
      expect(await copyOf(task.id)).toBeUndefined();
      const reminder = await add(owner, task.id, { minutesBefore: 0 });
      expect(reminder.remindAt).toBe(task.dueAt);
    } finally {
      release.resolve();
      held.mockRestore();
    }
  });

  it.each([
    [{}, 'remindAt'],
    [{ remindAt: '2099-01-01T00:00:00Z', minutesBefore: 5 }, 'minutesBefore'],
    [{ minutesBefore: -1 }, 'minutesBefore'],
    [{ minutesBefore: 525_601 }, 'minutesBefore'],
    [{ remindAt: '2020-01-01T00:00:00Z' }, 'remindAt'],
    [{ remindAt: 'tomorrow' }, 'remindAt'],
  ])('refuses %j as BAD_USER_INPUT naming %s', async (input, field) => {
    const task = await harness.createTask(owner, { dueAt: inSeconds(3600) });
    expect(await addError(owner, task.id, input)).toMatchObject({ code: 'BAD_USER_INPUT', field });
  });

  it('needs a dueAt for minutesBefore', async () => {
    const task = await harness.createTask(owner, { dueAt: null });
    expect(await addError(owner, task.id, { minutesBefore: 10 })).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'minutesBefore',
    });
  });

  it('allows at most 20 reminders per task', async () => {
    const task = await harness.createTask(owner, { dueAt: inSeconds(86_400) });
    await Promise.all(
      Array.from({ length: 20 }, (_, minutes) => add(owner, task.id, { minutesBefore: minutes })),
    );
    expect(await addError(owner, task.id, { minutesBefore: 99 })).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'taskId',
    });
    expect(await remindersOf(owner, task.id)).toHaveLength(20);
  });

  it('refuses a completed or deleted task with CONFLICT', async () => {
    const done = await harness.createTask(owner);
    await harness.changeTask(owner, 'TaskCompleted', done.id);
    expect(await addError(owner, done.id, { remindAt: inSeconds(60) })).toMatchObject({ code: 'CONFLICT' });
    const trashed = await harness.createTask(owner);
    await harness.changeTask(owner, 'TaskDeleted', trashed.id);
    expect(await addError(owner, trashed.id, { remindAt: inSeconds(60) })).toMatchObject({
      code: 'CONFLICT',
    });
  });

  it('treats another user’s task, or none, as NOT_FOUND, and shows nobody else the reminders', async () => {
    const task = await harness.createTask(owner, { dueAt: inSeconds(3600) });
    await add(owner, task.id, { minutesBefore: 5 });
    const stranger = persona();
    expect(await addError(stranger, task.id, { minutesBefore: 5 })).toMatchObject({ code: 'NOT_FOUND' });
    expect(await addError(owner, 'not-an-id', { minutesBefore: 5 })).toMatchObject({ code: 'NOT_FOUND' });
    expect(await remindersOf(stranger, task.id)).toEqual([]);
  });

  it('needs a signed-in caller with WRITE scope', async () => {
    const task = await harness.createTask(owner, { dueAt: inSeconds(3600) });
    const readOnly = {
      ...owner,
      identity: { ...owner.identity, kind: 'apiKey' as const, scopes: ['READ' as const] },
    };
    expect(await addError(readOnly, task.id, { minutesBefore: 5 })).toMatchObject({ code: 'FORBIDDEN' });
    const result = await harness.request(anonymous, ADD, { taskId: task.id, input: { minutesBefore: 5 } });
    expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('removeReminder', () => {
  it('removes the owner’s reminder; anyone else’s is NOT_FOUND', async () => {
    const task = await harness.createTask(owner, { dueAt: inSeconds(3600) });
    const reminder = await add(owner, task.id, { minutesBefore: 5 });
    const remove = `mutation ($id: ID!) { removeReminder(id: $id) }`;
    const stranger = persona();
    const denied = await harness.request(stranger.identity, remove, { id: reminder.id });
    expect(denied.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await harness.request(owner.identity, remove, { id: reminder.id })).data).toEqual({
      removeReminder: true,
    });
    expect(await remindersOf(owner, task.id)).toEqual([]);
  });
});

describe('following the task', () => {
  it('moves minutesBefore reminders with dueAt, and leaves absolute ones', async () => {
    const task = await harness.createTask(owner, { dueAt: inSeconds(3600) });
    const before = await add(owner, task.id, { minutesBefore: 10 });
    const absolute = await add(owner, task.id, { remindAt: inSeconds(1800) });
    const moved = await harness.changeTask(owner, 'TaskUpdated', task.id, { dueAt: inSeconds(7200) });
    await applied(moved);
    const reminders = await remindersOf(owner, task.id);
    expect(reminders.find((r) => r.id === before.id)!.remindAt).toBe(
      new Date(Date.parse(moved.dueAt!) - 10 * 60_000).toISOString(),
    );
    expect(reminders.find((r) => r.id === absolute.id)!.remindAt).toBe(absolute.remindAt);
  });

  it('cancels on completion and deletion; reopening and restoring re-arm those still ahead', async () => {
    const task = await harness.createTask(owner, { dueAt: inSeconds(3600) });
    const ahead = await add(owner, task.id, { minutesBefore: 10 });
    const state = async () =>
      Object.fromEntries((await remindersOf(owner, task.id)).map((r) => [r.id, r.cancelledAt !== null]));

    await applied(await harness.changeTask(owner, 'TaskCompleted', task.id));
    expect(await state()).toEqual({ [ahead.id]: true });

    await applied(await harness.changeTask(owner, 'TaskReopened', task.id));
    expect(await state()).toEqual({ [ahead.id]: false });

    await applied(await harness.changeTask(owner, 'TaskDeleted', task.id));
    expect(await state()).toEqual({ [ahead.id]: true });

    // One that came due while the task was in the trash stays cancelled: it is not fired late.
    await harness.notifications.deps.knex.raw(
      "update reminders set remind_at = now() - interval '1 minute', minutes_before = null where id = ?",
      [ahead.id],
    );
    const future = await harness.notifications.deps.knex.raw(
      `insert into reminders (owner_id, task_id, remind_at, cancelled_at)
       values (?, ?, now() + interval '1 hour', now()) returning id`,
      [owner.id, task.id],
    );
    await applied(await harness.changeTask(owner, 'TaskRestored', task.id));
    expect(await state()).toEqual({ [ahead.id]: true, [future.rows[0].id]: false });
  });

  it('ignores an older snapshot that arrives after a newer one', async () => {
    const task = await harness.createTask(owner, { dueAt: inSeconds(3600), title: 'Current' });
    await applied(task);
    const stale = {
      ...task,
      title: 'Stale',
      updatedAt: new Date(Date.parse(task.updatedAt) - 1000).toISOString(),
    };
    const event = createEnvelope('TaskUpdated', {
      aggregateId: task.id,
      ownerId: owner.id,
      payload: { task: stale, changes: { title: { from: 'x', to: 'Stale' } } },
    });
    await harness.publish(event);
    await waitFor(async () => {
      const [row] = await harness.notifications.deps.knex('processed_events').where({ eventId: event.id });
      return !!row;
    });
    const copy = await harness.notifications.deps.knex('task_copies').where({ taskId: task.id }).first();
    expect(copy.title).toBe('Current');
  });
});

describe('recurring tasks', () => {
  it('copies the reminders of the previous occurrence, shifted by the same offset, once', async () => {
    const first = await harness.createTask(owner, {
      dueAt: '2030-01-06T09:00:00.000Z',
      recurrence: { rule: 'FREQ=WEEKLY' },
    });
    const absolute = await add(owner, first.id, { remindAt: '2030-01-06T08:00:00.000Z' });
    await add(owner, first.id, { minutesBefore: 15 });
    await applied(await harness.changeTask(owner, 'TaskCompleted', first.id));

    // The recurrence worker's next occurrence, a week later.
    const created = await taskCreated((e) => e.payload.task.previousOccurrenceId === first.id);
    const next = created.payload.task;
    expect(next).toMatchObject({ dueAt: '2030-01-13T09:00:00.000Z', seriesId: first.seriesId });
    await applied(next);
    await harness.redeliver(created);
    expect(await harness.notifications.taskCopies.apply(created)).toBe(false);

    const copied = await remindersOf(owner, next.id);
    expect(copied.map((r) => [r.remindAt, r.minutesBefore, r.cancelledAt])).toEqual([
      ['2030-01-13T08:00:00.000Z', null, null],
      ['2030-01-13T08:45:00.000Z', 15, null],
    ]);
    // The completed occurrence's own reminders stay cancelled.
    expect((await remindersOf(owner, first.id)).every((r) => r.cancelledAt !== null)).toBe(true);
    expect(absolute.remindAt).toBe('2030-01-06T08:00:00.000Z');
    // A redelivery that is handled again (its mark pruned) still copies nothing twice.
    await harness.notifications.deps.knex('processed_events').where({ eventId: created.id }).delete();
    await harness.notifications.taskCopies.apply(created);
    expect(await remindersOf(owner, next.id)).toHaveLength(2);
  });
});
