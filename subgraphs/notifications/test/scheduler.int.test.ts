import { randomUUID } from 'node:crypto';
import { createKnex, type Knex } from '@taskflow/common';
import type { LiveNotice, NotificationCreatedPayload } from '@taskflow/events';
import { readStreamEnvelopes, waitFor } from '@taskflow/events/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReminderScheduler } from '../src/domain/reminders/reminder-scheduler.js';
import { createNotificationsUnitOfWork } from '../src/domain/repositories.js';
import {
  inSeconds,
  log,
  type NotificationsHarness,
  type Persona,
  persona,
  startNotificationsHarness,
} from './support.js';

const ADD = `mutation ($taskId: ID!, $input: ReminderInput!) { addReminder(taskId: $taskId, input: $input) { id remindAt } }`;
const NOTIFICATION = 'id kind message task { id } createdAt readAt snoozedUntil';
const NOTIFICATIONS = `query ($unreadOnly: Boolean, $first: Int, $after: String) {
  notifications(unreadOnly: $unreadOnly, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { ${NOTIFICATION} } }
  }
}`;

interface NotificationShape {
  id: string;
  kind: string;
  message: string;
  task: { id: string } | null;
  createdAt: string;
  readAt: string | null;
  snoozedUntil: string | null;
}
interface Page {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { cursor: string; node: NotificationShape }[];
}

let harness: NotificationsHarness;
let knex: Knex;
beforeAll(async () => {
  harness = await startNotificationsHarness();
  knex = harness.notifications.deps.knex;
});
afterAll(() => harness?.stop());

const addReminder = async (who: Persona, taskId: string, input: Record<string, unknown>) => {
  const result = await harness.request<{ addReminder: { id: string; remindAt: string } }>(who.identity, ADD, {
    taskId,
    input,
  });
  if (result.errors) throw new Error(JSON.stringify(result.errors));
  return result.data!.addReminder;
};
const notificationOf = (reminderId: string) => knex('notifications').where({ reminderId }).first();
const list = async (who: Persona, variables: Record<string, unknown> = {}) => {
  const result = await harness.request<{ notifications: Page }>(who.identity, NOTIFICATIONS, variables);
  if (result.errors) throw new Error(JSON.stringify(result.errors));
  return result.data!.notifications;
};

/** Seeds `count` reminders of one task of `owner`, due `agoMs` ago, straight into the tables. */
async function seedDueReminders(owner: Persona, count: number, title = 'Seeded task', agoMs = 1_000) {
  const taskId = randomUUID();
  await knex('task_copies').insert({
    taskId,
    ownerId: owner.id,
    title,
    status: 'OPEN',
    createdAt: new Date(),
    version: new Date(),
  });
  await knex.raw(
    `insert into reminders (owner_id, task_id, remind_at)
     select ?, ?, now() - (? * interval '1 millisecond') from generate_series(1, ?)`,
    [owner.id, taskId, agoMs, count],
  );
  return taskId;
}

describe('waiting', () => {
  // First in this file, while nothing is pending: an empty table once read as "due now" and the
  // scheduler polled Postgres every 25 ms (160 transactions a second) for ever.
  it('knows when nothing is pending, so the scheduler sleeps its full interval', async () => {
    const work = createNotificationsUnitOfWork(knex);
    expect(await work.run(null, ({ reminders }) => reminders.msUntilNextDue())).toBeNull();
    expect(await work.run(null, ({ notifications }) => notifications.msUntilNextSnooze())).toBeNull();
  });
});

describe('firing', () => {
  it('fires a reminder 3 s ahead on time: a notification, its event on the stream and the owner’s channel', async () => {
    const owner = persona();
    const task = await harness.createTask(owner, { title: 'Call the plumber', dueAt: inSeconds(3600) });
    const notices: LiveNotice[] = [];
    const unsubscribe = await harness.bus.subscribeNotices(owner.id, (notice) => notices.push(notice));
    const reminder = await addReminder(owner, task.id, { remindAt: inSeconds(3) });

    const row = await waitFor(() => notificationOf(reminder.id), {
      timeoutMs: 9_000,
      message: 'notification',
    });
    const fired = await knex('reminders').where({ id: reminder.id }).first();
    const lagMs = fired.firedAt.getTime() - Date.parse(reminder.remindAt);
    expect(lagMs).toBeGreaterThanOrEqual(0);
    expect(lagMs).toBeLessThan(5_000);
    expect(row).toMatchObject({ ownerId: owner.id, kind: 'REMINDER', taskId: task.id, readAt: null });
    expect(row.message).toContain('Call the plumber');

    const stream = `${harness.prefix}events:notifications`;
    // An empty list is truthy: wait for the event itself.
    const event = await waitFor(async () =>
      (await readStreamEnvelopes(harness.redis, stream)).find((e) => e.aggregateId === row.id),
    );
    expect(event).toMatchObject({ type: 'NotificationCreated', ownerId: owner.id });
    expect((event!.payload as NotificationCreatedPayload).notification).toMatchObject({
      id: row.id,
      kind: 'REMINDER',
      message: row.message,
      taskId: task.id,
      readAt: null,
    });
    await waitFor(() => notices.some((n) => n.type === 'NotificationCreated' && n.aggregateId === row.id));
    await unsubscribe();

    const page = await list(owner);
    expect(page.totalCount).toBe(1);
    expect(page.edges[0]!.node).toMatchObject({
      id: row.id,
      kind: 'REMINDER',
      message: row.message,
      task: { id: task.id },
      readAt: null,
    });
    // Fired once: it is not due again.
    expect(await harness.notifications.scheduler!.fireDue()).toBe(0);
    expect(await knex('notifications').where({ reminderId: reminder.id })).toHaveLength(1);
  });

  it('does not fire a reminder of a task completed before it came due', async () => {
    const owner = persona();
    const task = await harness.createTask(owner, { dueAt: inSeconds(3600) });
    const reminder = await addReminder(owner, task.id, { remindAt: inSeconds(1) });
    const completed = await harness.changeTask(owner, 'TaskCompleted', task.id);
    await waitFor(async () => (await knex('reminders').where({ id: reminder.id }).first()).cancelledAt);
    await waitFor(() => Date.now() > Date.parse(reminder.remindAt) + 100, { timeoutMs: 3_000 });
    await harness.notifications.scheduler!.fireDue();
    expect(await notificationOf(reminder.id)).toBeUndefined();
    expect(completed.status).toBe('COMPLETED');
  });

  it('fires each reminder once with several schedulers claiming at the same time', async () => {
    const owner = persona();
    const taskId = await seedDueReminders(owner, 300);
    const replicas = Array.from({ length: 2 }, () => {
      const pool = createKnex({ url: harness.database.url, schema: 'notifications' });
      return {
        pool,
        scheduler: new ReminderScheduler({
          work: createNotificationsUnitOfWork(pool),
          log,
          batchSize: 7,
        }),
      };
    });
    // The harness's own scheduler runs too: three claimers.
    harness.notifications.scheduler!.wake();
    const fired = await Promise.all(replicas.map(({ scheduler }) => scheduler.fireDue()));
    await waitFor(async () => {
      const [row] = await knex('reminders').where({ taskId }).whereNull('firedAt').count({ count: '*' });
      return Number(row!.count) === 0;
    });
    for (const { pool } of replicas) await pool.destroy();
    const [counts] = await knex('notifications')
      .where({ ownerId: owner.id })
      .select(knex.raw('count(*)::int as total'), knex.raw('count(distinct reminder_id)::int as reminders'));
    expect(counts).toEqual({ total: 300, reminders: 300 });
    const events = await knex('outbox')
      .where({ ownerId: owner.id, type: 'NotificationCreated' })
      .count({ count: '*' });
    expect(Number(events[0]!.count)).toBe(300);
    // Both replicas took part (batches of 7 interleave), and none fired more than exists.
    expect(fired.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(300);
  });

  it('fires a reminder that came due while the scheduler was stopped as soon as it starts again', async () => {
    const owner = persona();
    const task = await harness.createTask(owner, { dueAt: inSeconds(3600) });
    const scheduler = harness.notifications.scheduler!;
    await scheduler.stop();
    try {
      const reminder = await addReminder(owner, task.id, { remindAt: inSeconds(1) });
      await waitFor(() => Date.now() > Date.parse(reminder.remindAt) + 300, { timeoutMs: 3_000 });
      expect(await notificationOf(reminder.id)).toBeUndefined();
      const restartedAt = Date.now();
      scheduler.start();
      await waitFor(() => notificationOf(reminder.id), { timeoutMs: 3_000 });
      expect(Date.now() - restartedAt).toBeLessThan(1_000);
    } finally {
      scheduler.start();
    }
  });
});

describe('notifications', () => {
  let owner: Persona;
  let taskId: string;
  beforeAll(async () => {
    owner = persona();
    taskId = await seedDueReminders(owner, 5, 'Water the plants');
    await harness.notifications.scheduler!.fireDue();
  });

  it('lists newest first with cursors and counts, unread only on request', async () => {
    const all = await list(owner, { first: 100 });
    expect(all.totalCount).toBe(5);
    expect(all.edges.every((edge) => edge.node.message === 'Reminder: Water the plants')).toBe(true);
    const first = await list(owner, { first: 2 });
    const rest = await list(owner, { first: 10, after: first.pageInfo.endCursor });
    expect([...first.edges, ...rest.edges].map((edge) => edge.node.id)).toEqual(
      all.edges.map((edge) => edge.node.id),
    );
    expect(first.pageInfo.hasNextPage).toBe(true);
    expect(rest.pageInfo.hasNextPage).toBe(false);

    const markRead = `mutation ($id: ID!) { markNotificationRead(id: $id) { id readAt } }`;
    const target = all.edges[1]!.node.id;
    const read = await harness.request<{ markNotificationRead: { readAt: string } }>(
      owner.identity,
      markRead,
      {
        id: target,
      },
    );
    expect(read.data!.markNotificationRead.readAt).not.toBeNull();
    const unread = await list(owner, { unreadOnly: true });
    expect(unread.totalCount).toBe(4);
    expect(unread.edges.map((edge) => edge.node.id)).not.toContain(target);

    const all2 = await harness.request<{ markAllNotificationsRead: number }>(
      owner.identity,
      'mutation { markAllNotificationsRead }',
    );
    expect(all2.data!.markAllNotificationsRead).toBe(4);
    expect((await list(owner, { unreadOnly: true })).totalCount).toBe(0);
  });

  it.each([
    [{ first: 101 }, 'first'],
    [{ after: 'garbage' }, 'after'],
  ])('refuses %j as BAD_USER_INPUT naming %s', async (variables, field) => {
    const result = await harness.request(owner.identity, NOTIFICATIONS, variables);
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
  });

  it('keeps them to their owner: another user gets NOT_FOUND and an empty list', async () => {
    const [mine] = (await list(owner)).edges;
    const stranger = persona();
    const query = `query ($id: ID!) { notification(id: $id) { id message } }`;
    expect((await harness.request(owner.identity, query, { id: mine!.node.id })).data).toEqual({
      notification: { id: mine!.node.id, message: mine!.node.message },
    });
    for (const operation of [
      query,
      `mutation ($id: ID!) { markNotificationRead(id: $id) { id } }`,
      `mutation ($id: ID!) { snoozeNotification(id: $id, minutes: 5) { id } }`,
    ]) {
      const result = await harness.request(stranger.identity, operation, { id: mine!.node.id });
      expect(result.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    }
    expect((await list(stranger)).totalCount).toBe(0);
  });

  it('resolves Notification.task to null once the task is in the trash', async () => {
    await knex('task_copies').where({ taskId }).update({ deletedAt: new Date(), version: new Date() });
    const page = await list(owner, { first: 1 });
    expect(page.edges[0]!.node.task).toBeNull();
  });

  it('snoozes: marked read now, fired again as a new notification later', async () => {
    const [target] = (await list(owner, { first: 1 })).edges;
    const snooze = `mutation ($id: ID!, $minutes: Int!) { snoozeNotification(id: $id, minutes: $minutes) { ${NOTIFICATION} } }`;
    const bad = await harness.request(owner.identity, snooze, { id: target!.node.id, minutes: 0 });
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'minutes' });
    const result = await harness.request<{ snoozeNotification: NotificationShape }>(owner.identity, snooze, {
      id: target!.node.id,
      minutes: 10,
    });
    const snoozed = result.data!.snoozeNotification;
    expect(Date.parse(snoozed.snoozedUntil!) - Date.now()).toBeGreaterThan(9 * 60_000);
    expect(snoozed.readAt).not.toBeNull();
    // Ten minutes pass.
    await knex('notifications')
      .where({ id: snoozed.id })
      .update({ snoozedUntil: knex.raw('now()') });
    harness.notifications.scheduler!.wake();
    const again = await waitFor(() => knex('notifications').where({ snoozedFromId: snoozed.id }).first());
    expect(again).toMatchObject({ ownerId: owner.id, message: snoozed.message, readAt: null });
    expect((await knex('notifications').where({ id: snoozed.id }).first()).snoozedUntil).toBeNull();
    const [newest] = (await list(owner, { first: 1 })).edges;
    expect(newest!.node.id).toBe(again.id);
    expect(await knex('outbox').where({ aggregateId: again.id, type: 'NotificationCreated' })).toHaveLength(
      1,
    );
  });
});
