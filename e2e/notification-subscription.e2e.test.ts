import { testRedisUrl } from '@taskflow/common/testing';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Persona, signUp } from './support/client.js';
import { type Stack, startStack } from './support/stack.js';
import { createTask } from './support/tasks.js';
import { SubscriptionProbe, waitForSubscribers } from './support/ws.js';

interface Received {
  notificationReceived: {
    id: string;
    kind: string;
    message: string;
    readAt: string | null;
    task: { id: string; title: string } | null;
  };
}

const SUBSCRIPTION = 'subscription { notificationReceived { id kind message readAt task { id title } } }';

let stack: Stack;
let redis: Redis;
let owner: Persona;
let other: Persona;
beforeAll(async () => {
  stack = await startStack();
  redis = new Redis(testRedisUrl());
  [owner, other] = await Promise.all([signUp(stack.client, 'Reminded'), signUp(stack.client, 'Bystander')]);
});
afterAll(async () => {
  redis?.disconnect();
  await stack?.stop();
});

describe('notificationReceived through the gateway', () => {
  it("delivers a fired reminder's notification live to its owner only, with the task resolved across subgraphs", async () => {
    const mine = new SubscriptionProbe<Received>(stack.gatewayUrl, `Bearer ${owner.token}`, SUBSCRIPTION);
    const theirs = new SubscriptionProbe<Received>(stack.gatewayUrl, `Bearer ${other.token}`, SUBSCRIPTION);
    await waitForSubscribers(redis, `${stack.redisPrefix}user:${owner.id}`);
    await waitForSubscribers(redis, `${stack.redisPrefix}user:${other.id}`);
    const task = await createTask(stack.client, owner.token, { title: 'Call the dentist' });
    const remindAt = new Date(Date.now() + 2_000).toISOString();
    await stack.client.data(
      `mutation ($taskId: ID!, $input: ReminderInput!) { addReminder(taskId: $taskId, input: $input) { id } }`,
      { taskId: task.id, input: { remindAt } },
      { token: owner.token },
    );
    const [received] = await mine.waitFor(1, 10_000);
    const lag = Date.now() - Date.parse(remindAt);
    expect(lag).toBeLessThan(5_000);
    expect(received!.data!.notificationReceived).toMatchObject({
      kind: 'REMINDER',
      readAt: null,
      task: { id: task.id, title: 'Call the dentist' },
    });
    expect(received!.data!.notificationReceived.message).toContain('Call the dentist');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(theirs.received).toEqual([]);
    await Promise.all([mine.dispose(), theirs.dispose()]);
  });
});
