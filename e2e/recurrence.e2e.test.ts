/**
 * The recurrence worker against the real system: gateway, subgraphs, Postgres and Redis, with the
 * worker in this process (and once as a separate process, to be killed). Completions go through
 * the gateway; the worker's next occurrences are read back through it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createLogger } from '@taskflow/common';
import { testRedisUrl } from '@taskflow/common/testing';
import { RedisEventBus } from '@taskflow/events';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RECURRENCE_GROUP, type RunningRecurrenceWorker } from '../subgraphs/tasks/src/recurrence-worker.js';
import { type Persona, signUp } from './support/client.js';
import { eventually } from './support/eventually.js';
import { type Stack, startStack } from './support/stack.js';
import { createTag, createTask, type TaskShape } from './support/tasks.js';
import { SubscriptionProbe, waitForSubscribers } from './support/ws.js';

type Occurrence = TaskShape & { previousOccurrenceId: string | null };
interface StreamEvent {
  type: string;
  aggregateId: string;
  correlationId: string;
  payload: { task: Record<string, unknown> };
}

const DAY = 86_400_000;
const daily = { rule: 'FREQ=DAILY', timezone: 'UTC' };

let stack: Stack;
let redis: Redis;
let bus: RedisEventBus;
let worker: RunningRecurrenceWorker | undefined;

beforeAll(async () => {
  stack = await startStack();
  worker = await stack.startRecurrenceWorker();
  redis = new Redis(testRedisUrl());
  bus = new RedisEventBus({ redis, prefix: stack.redisPrefix, log: createLogger('e2e', 'silent') });
});
afterAll(async () => {
  await bus?.close();
  redis?.disconnect();
  await stack?.stop();
});

const knex = () => stack.subgraphs.tasks.deps.knex;
const streamKey = () => `${stack.redisPrefix}events:tasks`;

const groupIdle = async () => {
  const info = await bus.inspectGroup('tasks', RECURRENCE_GROUP);
  return !!info && info.pending === 0 && info.lag === 0;
};

const unsentEvents = async () => {
  const [row] = await knex()('outbox').whereNull('sent_at').count({ count: '*' });
  return Number(row?.count ?? 0);
};

/** Every event written so far is on the stream and the worker group handled (acknowledged) it. */
async function settled() {
  await eventually(async () => {
    if (!(await groupIdle())) return false;
    return (await unsentEvents()) === 0 && (await groupIdle());
  });
}

const OCCURRENCE_FIELDS = `id title description priority status dueAt completedAt deletedAt createdAt updatedAt
  seriesId previousOccurrenceId tagIds recurrence { rule timezone basis text }`;

/** Every task of the user (tests use a fresh user each, with a handful of tasks). */
async function allTasks(user: Persona): Promise<Occurrence[]> {
  const { tasks } = await stack.client.data<{ tasks: { edges: { node: Occurrence }[] } }>(
    `query { tasks(first: 100, filter: { includeDeleted: true }) { edges { node { ${OCCURRENCE_FIELDS} } } } }`,
    {},
    { token: user.token },
  );
  return tasks.edges.map((edge) => edge.node);
}

const nextsOf = async (user: Persona, id: string) =>
  (await allTasks(user)).filter((task) => task.previousOccurrenceId === id);

/** Waits for the occurrence that follows `id`, then checks it stays the only one once all is handled. */
async function theNextOf(user: Persona, id: string): Promise<Occurrence> {
  await eventually(async () => (await nextsOf(user, id)).length > 0);
  await settled();
  const nexts = await nextsOf(user, id);
  expect(nexts).toHaveLength(1);
  return nexts[0]!;
}

async function complete(user: Persona, id: string, correlationId?: string): Promise<Occurrence> {
  const { completeTask } = await stack.client.data<{ completeTask: Occurrence }>(
    `mutation ($id: ID!) { completeTask(id: $id) { ${OCCURRENCE_FIELDS} } }`,
    { id },
    { token: user.token, headers: correlationId ? { 'x-correlation-id': correlationId } : {} },
  );
  return completeTask;
}

const mutate = (user: Persona, mutation: string, variables: Record<string, unknown>) =>
  stack.client.data(mutation, variables, { token: user.token });

async function streamEntries(): Promise<{ id: string; fields: string[]; event: StreamEvent }[]> {
  const entries = (await redis.xrange(streamKey(), '-', '+')) as [string, string[]][];
  return entries.map(([id, fields]) => ({
    id,
    fields,
    event: JSON.parse(fields[fields.indexOf('event') + 1]!) as StreamEvent,
  }));
}

/** Delivers the task's TaskCompleted stream entries again, `times` times, as a duplicating relay would. */
async function redeliverCompletions(taskId: string, times = 1) {
  const completions = (await streamEntries()).filter(
    ({ event }) => event.type === 'TaskCompleted' && event.aggregateId === taskId,
  );
  expect(completions.length).toBeGreaterThan(0);
  for (let i = 0; i < times; i++)
    for (const { fields } of completions) await redis.xadd(streamKey(), '*', ...fields);
}

describe('completing an occurrence makes exactly one next one', () => {
  it('copies title, description, priority, tags, recurrence and series; links it; tells everyone', async () => {
    const user = await signUp(stack.client, 'Recurring');
    const tag = await createTag(stack.client, user.token, 'chores');
    const dueAt = new Date(Date.now() + 2 * DAY);
    dueAt.setUTCHours(7, 30, 0, 0);
    const probe = new SubscriptionProbe<{
      taskChanged: { kind: string; taskId: string; task: { title: string; previousOccurrenceId: string } };
    }>(
      stack.gatewayUrl,
      `Bearer ${user.token}`,
      'subscription { taskChanged { kind taskId task { title previousOccurrenceId } } }',
    );
    await waitForSubscribers(redis, `${stack.redisPrefix}user:${user.id}`);
    const first = await createTask(stack.client, user.token, {
      title: 'Water the plants',
      description: 'the ferns <b>too</b>',
      priority: 'HIGH',
      dueAt: dueAt.toISOString(),
      tagIds: [tag.id],
      recurrence: { rule: 'FREQ=DAILY;INTERVAL=2', timezone: 'Europe/Berlin' },
    });

    const completed = await complete(user, first.id, 'complete-the-plants');
    const next = await theNextOf(user, first.id);
    expect(next).toMatchObject({
      title: 'Water the plants',
      description: 'the ferns <b>too</b>',
      priority: 'HIGH',
      status: 'OPEN',
      completedAt: null,
      deletedAt: null,
      dueAt: new Date(dueAt.getTime() + 2 * DAY).toISOString(),
      tagIds: [tag.id],
      seriesId: first.seriesId,
      previousOccurrenceId: first.id,
      recurrence: { rule: 'FREQ=DAILY;INTERVAL=2', timezone: 'Europe/Berlin', basis: 'DUE_DATE' },
    });
    expect(next.id).not.toBe(first.id);
    expect(first.seriesId).toBeTruthy();
    // The completed occurrence stays, as history.
    const tasks = await allTasks(user);
    expect(tasks).toHaveLength(2);
    expect(tasks.find((task) => task.id === first.id)).toMatchObject({
      status: 'COMPLETED',
      completedAt: completed.completedAt,
    });

    // Its TaskCreated carries the link (notifications shift reminders by it) and the completion's correlation id.
    const created = (await streamEntries()).find(
      ({ event }) => event.type === 'TaskCreated' && event.aggregateId === next.id,
    );
    expect(created?.event.correlationId).toBe('complete-the-plants');
    expect(created?.event.payload.task).toMatchObject({
      previousOccurrenceId: first.id,
      seriesId: first.seriesId,
    });

    // Its audit entry names the owner as the actor, under the completion's correlation id.
    const history = await eventually(async () => {
      const { task } = await stack.client.data<{
        task: {
          history: { edges: { node: { action: string; actor: { id: string }; correlationId: string } }[] };
        };
      }>(
        'query ($id: ID!) { task(id: $id) { history { edges { node { action actor { id } correlationId } } } } }',
        { id: next.id },
        { token: user.token },
      );
      return task.history.edges.length > 0 && task.history.edges.map((edge) => edge.node);
    });
    expect(history).toEqual([
      { action: 'TASK_CREATED', actor: { id: user.id }, correlationId: 'complete-the-plants' },
    ]);

    // The owner sees it live, like any task they create.
    const events = (await probe.waitFor(3)).map((result) => result.data!.taskChanged);
    expect(events.map(({ kind, taskId }) => [kind, taskId])).toEqual([
      ['CREATED', first.id],
      ['COMPLETED', first.id],
      ['CREATED', next.id],
    ]);
    expect(events[2]!.task).toEqual({ title: 'Water the plants', previousOccurrenceId: first.id });
    await probe.dispose();

    // And the chain goes on: completing the second makes the third, in the same series.
    await complete(user, next.id);
    const third = await theNextOf(user, next.id);
    expect(third).toMatchObject({
      seriesId: first.seriesId,
      dueAt: new Date(dueAt.getTime() + 4 * DAY).toISOString(),
    });
  });

  it('a completion delivered again (and again) changes nothing', async () => {
    const user = await signUp(stack.client, 'Duplicated');
    const task = await createTask(stack.client, user.token, { title: 'Twice told', recurrence: daily });
    await complete(user, task.id);
    const next = await theNextOf(user, task.id);
    const before = worker!.stats();
    await redeliverCompletions(task.id, 3);
    await settled();
    expect(await nextsOf(user, task.id)).toEqual([next]);
    expect(await allTasks(user)).toHaveLength(2);
    expect(worker!.stats().existing - before.existing).toBe(3);
  });

  it('reopening and completing again makes no second next occurrence', async () => {
    const user = await signUp(stack.client, 'Reopener');
    const task = await createTask(stack.client, user.token, { title: 'Undecided', recurrence: daily });
    await complete(user, task.id);
    const next = await theNextOf(user, task.id);
    for (let i = 0; i < 2; i++) {
      await mutate(user, 'mutation ($id: ID!) { reopenTask(id: $id) { id } }', { id: task.id });
      await complete(user, task.id);
    }
    await settled();
    expect(await nextsOf(user, task.id)).toEqual([next]);
    expect(await allTasks(user)).toHaveLength(2);
  });

  it('two workers on the same stream, every completion duplicated: still one each', async () => {
    const second = await stack.startRecurrenceWorker({ EVENTS_CONSUMER_BATCH_SIZE: '1' });
    try {
      const user = await signUp(stack.client, 'Crowded');
      const tasks = await Promise.all(
        Array.from({ length: 16 }, (_, i) =>
          createTask(stack.client, user.token, { title: `Crowd ${i}`, recurrence: daily }),
        ),
      );
      await Promise.all(tasks.map((task) => complete(user, task.id)));
      await eventually(async () => {
        const completions = (await streamEntries()).filter(({ event }) => event.type === 'TaskCompleted');
        return tasks.every((task) => completions.some(({ event }) => event.aggregateId === task.id));
      });
      await Promise.all(tasks.map((task) => redeliverCompletions(task.id)));
      await eventually(async () => (await allTasks(user)).length >= 32);
      await settled();
      const all = await allTasks(user);
      expect(all).toHaveLength(32);
      for (const task of tasks) expect(all.filter((t) => t.previousOccurrenceId === task.id)).toHaveLength(1);
      expect(second.stats().processed + worker!.stats().processed).toBeGreaterThan(0);
    } finally {
      await second.stop();
    }
  });
});

describe('the worker stopped, killed mid-batch and restarted: nothing lost', () => {
  it('completions made while no worker runs are handled once one starts', async () => {
    await worker!.stop();
    const user = await signUp(stack.client, 'Patient');
    const tasks = await Promise.all(
      Array.from({ length: 3 }, (_, i) =>
        createTask(stack.client, user.token, { title: `While away ${i}`, recurrence: daily }),
      ),
    );
    for (const task of tasks) await complete(user, task.id);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await allTasks(user)).toHaveLength(3);
    worker = await stack.startRecurrenceWorker({ EVENTS_CONSUMER_NAME: 'e2e-1' });
    for (const task of tasks) await theNextOf(user, task.id);
  });

  it('a worker process killed (SIGKILL) mid-batch leaves its events to the next one', async () => {
    const user = await signUp(stack.client, 'Survivor');
    const tasks: TaskShape[] = [];
    for (let i = 0; i < 12; i++)
      tasks.push(await createTask(stack.client, user.token, { title: `Batch ${i}`, recurrence: daily }));
    await settled();
    await worker!.stop();
    // The stream now holds exactly these 12 completions after the group's position: one batch is 1-8.
    for (const task of tasks) await complete(user, task.id);
    await eventually(async () => (await unsentEvents()) === 0);

    // The 4th completion's task is locked here, so the process stalls on it with its batch in hand.
    const lock = await knex().transaction();
    let doomed: ChildProcess | undefined;
    try {
      await lock('tasks').where({ id: tasks[3]!.id }).forUpdate();
      doomed = spawnWorkerProcess({
        EVENTS_CONSUMER_NAME: 'doomed',
        EVENTS_CONSUMER_BATCH_SIZE: '8',
        RECURRENCE_WORKER_CONCURRENCY: '1',
      });
      await eventually(async () => (await allTasks(user)).length === 15, 30_000);
      await eventually(async () => {
        const pending = (await redis.xpending(streamKey(), RECURRENCE_GROUP)) as [number, ...unknown[]];
        return Number(pending[0]) === 5; // the 4th to the 8th: read, not acknowledged
      });
      const exited = new Promise((resolve) => doomed!.once('exit', resolve));
      doomed.kill('SIGKILL');
      await exited;
    } finally {
      doomed?.kill('SIGKILL');
      await lock.rollback();
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await allTasks(user)).toHaveLength(15);

    // A different consumer claims what the dead one held, and reads the rest.
    worker = await stack.startRecurrenceWorker({
      EVENTS_CONSUMER_NAME: 'e2e-successor',
      EVENTS_CONSUMER_CLAIM_IDLE_MS: '200',
    });
    await eventually(async () => (await allTasks(user)).length === 24);
    await settled();
    const all = await allTasks(user);
    expect(all).toHaveLength(24);
    for (const task of tasks) expect(all.filter((t) => t.previousOccurrenceId === task.id)).toHaveLength(1);
    expect(worker.stats().claimed).toBeGreaterThanOrEqual(5);
  });
});

describe('when the next occurrence is due', () => {
  it('DUE_DATE completed late: missed slots are skipped, not piled up', async () => {
    const user = await signUp(stack.client, 'Late');
    const dueAt = new Date(Date.now() - 3 * DAY - 3_600_000);
    const task = await createTask(stack.client, user.token, {
      title: 'Overdue',
      dueAt: dueAt.toISOString(),
      recurrence: daily,
    });
    await complete(user, task.id);
    const next = await theNextOf(user, task.id);
    expect(next.dueAt).toBe(new Date(dueAt.getTime() + 4 * DAY).toISOString());
    expect(await allTasks(user)).toHaveLength(2);
  });

  it('COMPLETION_DATE: re-anchored at the completion time', async () => {
    const user = await signUp(stack.client, 'Anchored');
    const task = await createTask(stack.client, user.token, {
      title: 'Every third day from when it was done',
      dueAt: new Date(Date.now() - 10 * DAY).toISOString(),
      recurrence: { rule: 'FREQ=DAILY;INTERVAL=3', timezone: 'UTC', basis: 'COMPLETION_DATE' },
    });
    const completed = await complete(user, task.id);
    const next = await theNextOf(user, task.id);
    expect(next.dueAt).toBe(new Date(Date.parse(completed.completedAt!) + 3 * DAY).toISOString());
  });

  it('without a due date, the series starts at createdAt', async () => {
    const user = await signUp(stack.client, 'Undated');
    const task = await createTask(stack.client, user.token, { title: 'Whenever', recurrence: daily });
    await complete(user, task.id);
    const next = await theNextOf(user, task.id);
    expect(next.dueAt).toBe(new Date(Date.parse(task.createdAt) + DAY).toISOString());
  });

  it('weekly on Monday 09:00 Europe/Berlin stays 09:00 local across the March change', async () => {
    const user = await signUp(stack.client, 'Berliner');
    const task = await createTask(stack.client, user.token, {
      title: 'Monday meeting',
      dueAt: '2027-03-22T08:00:00.000Z', // 09:00 CET
      recurrence: { rule: 'FREQ=WEEKLY;BYDAY=MO', timezone: 'Europe/Berlin' },
    });
    await complete(user, task.id);
    const next = await theNextOf(user, task.id);
    expect(next.dueAt).toBe('2027-03-29T07:00:00.000Z'); // 09:00 CEST
    await complete(user, next.id);
    expect((await theNextOf(user, next.id)).dueAt).toBe('2027-04-05T07:00:00.000Z');
  });

  it('a series whose COUNT is used up makes none', async () => {
    const user = await signUp(stack.client, 'Counted');
    const task = await createTask(stack.client, user.token, {
      title: 'Twice only',
      recurrence: { rule: 'FREQ=DAILY;COUNT=2', timezone: 'UTC' },
    });
    await complete(user, task.id);
    const second = await theNextOf(user, task.id);
    await complete(user, second.id);
    await settled();
    expect(await allTasks(user)).toHaveLength(2);
    expect(worker!.stats().none).toBeGreaterThan(0);
  });
});

describe('editing and stopping a series', () => {
  it('a new rule on an open occurrence applies from it on; recurrence: null stops the series', async () => {
    const user = await signUp(stack.client, 'Editor');
    const dueAt = new Date(Date.now() + DAY);
    const first = await createTask(stack.client, user.token, {
      title: 'Reshaped',
      dueAt: dueAt.toISOString(),
      recurrence: daily,
    });
    await complete(user, first.id);
    const second = await theNextOf(user, first.id);
    await mutate(
      user,
      'mutation ($id: ID!, $input: UpdateTaskInput!) { updateTask(id: $id, input: $input) { id } }',
      {
        id: second.id,
        input: { recurrence: { rule: 'FREQ=WEEKLY', timezone: 'UTC' } },
      },
    );
    await complete(user, second.id);
    const third = await theNextOf(user, second.id);
    expect(third).toMatchObject({
      seriesId: first.seriesId,
      dueAt: new Date(Date.parse(second.dueAt!) + 7 * DAY).toISOString(),
      recurrence: { rule: 'FREQ=WEEKLY' },
    });
    // The completed first occurrence keeps the rule it had.
    expect((await allTasks(user)).find((task) => task.id === first.id)?.recurrence?.rule).toBe('FREQ=DAILY');

    await mutate(user, 'mutation ($id: ID!) { updateTask(id: $id, input: { recurrence: null }) { id } }', {
      id: third.id,
    });
    await complete(user, third.id);
    await settled();
    expect(await allTasks(user)).toHaveLength(3);
  });

  it('stopping the series after completing, before the worker got to it, makes none', async () => {
    await worker!.stop();
    const user = await signUp(stack.client, 'Stopper');
    const task = await createTask(stack.client, user.token, { title: 'Enough', recurrence: daily });
    await complete(user, task.id);
    await mutate(user, 'mutation ($id: ID!) { updateTask(id: $id, input: { recurrence: null }) { id } }', {
      id: task.id,
    });
    worker = await stack.startRecurrenceWorker({ EVENTS_CONSUMER_NAME: 'e2e-1' });
    await settled();
    expect(await allTasks(user)).toHaveLength(1);
  });

  it('deleting a completed occurrence does not stop the series', async () => {
    const user = await signUp(stack.client, 'Deleter');
    const task = await createTask(stack.client, user.token, { title: 'Binned', recurrence: daily });
    await complete(user, task.id);
    await mutate(user, 'mutation ($id: ID!) { deleteTask(id: $id) { id } }', { id: task.id });
    const next = await theNextOf(user, task.id);
    expect(next).toMatchObject({ status: 'OPEN', deletedAt: null, title: 'Binned' });
  });
});

const root = fileURLToPath(new URL('..', import.meta.url));

/** The worker as its own process, as `npm start` and the deployments run it. */
function spawnWorkerProcess(env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'subgraphs/tasks/src/worker.ts'], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: stack.databaseUrl,
      REDIS_URL: testRedisUrl(),
      REDIS_PREFIX: stack.redisPrefix,
      WORKER_PORT: '0',
      LOG_LEVEL: 'silent',
      EVENTS_CONSUMER_BLOCK_MS: '500',
      ...env,
    },
    stdio: 'ignore',
  });
}
