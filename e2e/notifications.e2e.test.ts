import { testRedisUrl } from '@taskflow/common/testing';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCodes, type Persona, signUp } from './support/client.js';
import { eventually } from './support/eventually.js';
import { type Stack, startStack } from './support/stack.js';
import { createTask } from './support/tasks.js';

const REMINDER = 'id taskId remindAt minutesBefore firedAt cancelledAt';
const ADD = `mutation ($taskId: ID!, $input: ReminderInput!) { addReminder(taskId: $taskId, input: $input) { ${REMINDER} } }`;
const TASK_REMINDERS = `query ($id: ID!) { task(id: $id) { id dueAt reminders { ${REMINDER} } } }`;
const NOTIFICATIONS = `query ($unreadOnly: Boolean, $first: Int) {
  notifications(unreadOnly: $unreadOnly, first: $first) {
    totalCount edges { node { id kind message createdAt readAt task { id title status } } }
  }
}`;

interface ReminderShape {
  id: string;
  taskId: string;
  remindAt: string;
  minutesBefore: number | null;
  firedAt: string | null;
  cancelledAt: string | null;
}
interface NotificationShape {
  id: string;
  kind: string;
  message: string;
  createdAt: string;
  readAt: string | null;
  task: { id: string; title: string; status: string } | null;
}

let stack: Stack;
let redis: Redis;
let owner: Persona;
let stranger: Persona;
beforeAll(async () => {
  stack = await startStack();
  redis = new Redis(testRedisUrl());
  [owner, stranger] = await Promise.all([signUp(stack.client, 'Reminded'), signUp(stack.client, 'Stranger')]);
});
afterAll(async () => {
  redis?.disconnect();
  await stack?.stop();
});

const inSeconds = (seconds: number) => new Date(Date.now() + seconds * 1_000).toISOString();

const addReminder = async (who: Persona, taskId: string, input: Record<string, unknown>) =>
  (await stack.client.data<{ addReminder: ReminderShape }>(ADD, { taskId, input }, { token: who.token }))
    .addReminder;
const remindersOf = async (who: Persona, id: string) =>
  (
    await stack.client.data<{ task: { reminders: ReminderShape[] } }>(
      TASK_REMINDERS,
      { id },
      { token: who.token },
    )
  ).task.reminders;
const notifications = async (who: Persona, variables: Record<string, unknown> = {}) =>
  (
    await stack.client.data<{ notifications: { totalCount: number; edges: { node: NotificationShape }[] } }>(
      NOTIFICATIONS,
      variables,
      { token: who.token },
    )
  ).notifications;
const notificationFor = async (who: Persona, taskId: string) =>
  (await notifications(who, { first: 100 })).edges
    .map((edge) => edge.node)
    .find((n) => n.task?.id === taskId);
const mutate = (who: Persona, query: string, variables: Record<string, unknown>) =>
  stack.client.data(query, variables, { token: who.token });

describe('reminders through the gateway', () => {
  it('fires a reminder 3 s ahead on time, as a notification naming the task', async () => {
    const task = await createTask(stack.client, owner.token, { title: 'Renew passport' });
    const reminder = await addReminder(owner, task.id, { remindAt: inSeconds(3) });
    expect(await remindersOf(owner, task.id)).toEqual([reminder]);

    const notification = await eventually(() => notificationFor(owner, task.id), 9_000);
    const lagMs = Date.parse(notification.createdAt) - Date.parse(reminder.remindAt);
    expect(lagMs).toBeGreaterThanOrEqual(0);
    expect(lagMs).toBeLessThan(5_000);
    expect(notification).toMatchObject({
      kind: 'REMINDER',
      readAt: null,
      task: { id: task.id, title: 'Renew passport', status: 'OPEN' },
    });
    expect(notification.message).toContain('Renew passport');
    const [fired] = await remindersOf(owner, task.id);
    expect(fired!.firedAt).not.toBeNull();

    // The outbox event reached the notifications stream for the gateway and other consumers.
    const events = await eventually(async () => {
      const entries = (await redis.xrange(`${stack.redisPrefix}events:notifications`, '-', '+')) as [
        string,
        string[],
      ][];
      return entries
        .map(([, fields]) => JSON.parse(fields[1]!) as { type: string; aggregateId: string; ownerId: string })
        .filter((event) => event.aggregateId === notification.id);
    });
    expect(events).toEqual([
      expect.objectContaining({
        type: 'NotificationCreated',
        ownerId: owner.id,
        aggregateId: notification.id,
      }),
    ]);

    // One notification through `notification(id)` too, which the gateway's subscription uses.
    const { notification: one } = await stack.client.data<{ notification: { id: string } }>(
      `query ($id: ID!) { notification(id: $id) { id } }`,
      { id: notification.id },
      { token: owner.token },
    );
    expect(one.id).toBe(notification.id);
  });

  it('moves minutesBefore reminders with the task’s dueAt', async () => {
    const task = await createTask(stack.client, owner.token, {
      title: 'Dentist',
      dueAt: '2031-05-01T10:00:00.000Z',
    });
    const reminder = await addReminder(owner, task.id, { minutesBefore: 90 });
    expect(reminder).toMatchObject({ minutesBefore: 90, remindAt: '2031-05-01T08:30:00.000Z' });
    await mutate(
      owner,
      `mutation ($id: ID!) { updateTask(id: $id, input: { dueAt: "2031-05-02T15:00:00.000Z" }) { id } }`,
      {
        id: task.id,
      },
    );
    await eventually(
      async () => (await remindersOf(owner, task.id))[0]!.remindAt === '2031-05-02T13:30:00.000Z',
    );
  });

  it('cancels on completion, re-arms on reopening, and a cancelled one never fires', async () => {
    const task = await createTask(stack.client, owner.token, { title: 'Pay rent', dueAt: inSeconds(7200) });
    const soon = await addReminder(owner, task.id, { remindAt: inSeconds(2) });
    const later = await addReminder(owner, task.id, { minutesBefore: 60 });
    await mutate(owner, `mutation ($id: ID!) { completeTask(id: $id) { id } }`, { id: task.id });
    await eventually(async () => (await remindersOf(owner, task.id)).every((r) => r.cancelledAt !== null));

    await eventually(async () => Date.now() > Date.parse(soon.remindAt) + 200, 5_000);
    await stack.subgraphs.notifications.scheduler!.fireDue();
    expect(await notificationFor(owner, task.id)).toBeUndefined();

    await mutate(owner, `mutation ($id: ID!) { reopenTask(id: $id) { id } }`, { id: task.id });
    const reopened = await eventually(async () => {
      const reminders = await remindersOf(owner, task.id);
      return reminders.find((r) => r.id === later.id)!.cancelledAt === null && reminders;
    });
    // The one whose time passed while the task was completed stays cancelled.
    expect(reopened.find((r) => r.id === soon.id)).toMatchObject({
      cancelledAt: expect.any(String),
      firedAt: null,
    });
  });

  it('fires a reminder that came due while the scheduler was stopped when it starts again', async () => {
    const task = await createTask(stack.client, owner.token, { title: 'Back up photos' });
    const scheduler = stack.subgraphs.notifications.scheduler!;
    await scheduler.stop();
    try {
      const reminder = await addReminder(owner, task.id, { remindAt: inSeconds(1) });
      await eventually(async () => Date.now() > Date.parse(reminder.remindAt) + 300, 5_000);
      expect(await notificationFor(owner, task.id)).toBeUndefined();
    } finally {
      scheduler.start();
    }
    await eventually(() => notificationFor(owner, task.id), 3_000);
  });

  it('validates input and keeps tasks to their owner', async () => {
    const task = await createTask(stack.client, owner.token, { title: 'No due date' });
    const add = (who: Persona, input: Record<string, unknown>, taskId = task.id) =>
      stack.client.request(ADD, { taskId, input }, { token: who.token });
    expect((await add(owner, { minutesBefore: 5 })).errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'minutesBefore',
    });
    expect(
      (await add(owner, { remindAt: inSeconds(60), minutesBefore: 5 })).errors?.[0]?.extensions,
    ).toMatchObject({
      code: 'BAD_USER_INPUT',
    });
    expect(errorCodes(await add(stranger, { remindAt: inSeconds(60) }))).toEqual(['NOT_FOUND']);
    expect(await remindersOf(owner, task.id)).toEqual([]);

    const { createApiKey } = await stack.client.data<{ createApiKey: { key: string } }>(
      `mutation { createApiKey(name: "reader", scopes: [READ]) { key } }`,
      {},
      { token: owner.token },
    );
    const readOnly = await stack.client.request(
      ADD,
      { taskId: task.id, input: { remindAt: inSeconds(60) } },
      {
        token: createApiKey.key,
      },
    );
    expect(errorCodes(readOnly)).toEqual(['FORBIDDEN']);
  });
});

describe('notifications through the gateway', () => {
  it('are the owner’s only; read, mark all read, and resolve their task to null once it is deleted', async () => {
    const mine = await notifications(owner, { first: 100 });
    expect(mine.totalCount).toBeGreaterThanOrEqual(2);
    const theirs = await notifications(stranger);
    expect(theirs.totalCount).toBe(0);
    const target = mine.edges[0]!.node;
    const denied = await stack.client.request(
      `query ($id: ID!) { notification(id: $id) { id } }`,
      { id: target.id },
      {
        token: stranger.token,
      },
    );
    expect(errorCodes(denied)).toEqual(['NOT_FOUND']);

    const { markNotificationRead } = await stack.client.data<{ markNotificationRead: { readAt: string } }>(
      `mutation ($id: ID!) { markNotificationRead(id: $id) { readAt } }`,
      { id: target.id },
      { token: owner.token },
    );
    expect(markNotificationRead.readAt).not.toBeNull();
    const { markAllNotificationsRead } = await stack.client.data<{ markAllNotificationsRead: number }>(
      'mutation { markAllNotificationsRead }',
      {},
      { token: owner.token },
    );
    expect(markAllNotificationsRead).toBe(mine.totalCount - 1);
    expect((await notifications(owner, { unreadOnly: true })).totalCount).toBe(0);

    await mutate(owner, `mutation ($id: ID!) { deleteTask(id: $id) { id } }`, { id: target.task!.id });
    await eventually(async () => {
      const page = await notifications(owner, { first: 100 });
      return page.edges.find((edge) => edge.node.id === target.id)!.node.task === null;
    });
  });
});
