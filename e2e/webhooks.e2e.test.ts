import { Webhook as StandardWebhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCodes, signUp } from './support/client.js';
import { eventually } from './support/eventually.js';
import { type Stack, startStack } from './support/stack.js';
import { createTag, createTask } from './support/tasks.js';
import { WebhookReceiver } from './support/webhook-receiver.js';
import {
  createWebhook,
  DELETE_WEBHOOK,
  deliveriesOf,
  REDELIVER,
  ROTATE_SECRET,
  UPDATE_WEBHOOK,
} from './support/webhooks.js';

let stack: Stack;
let receiver: WebhookReceiver;

beforeAll(async () => {
  // Retries after ~0.1 s, ~0.4 s, ~1.6 s…: the backoff's shape, at a speed a test can wait for.
  stack = await startStack(
    {},
    { only: { webhooks: { WEBHOOK_RETRY_BASE_SECONDS: '0.1', WEBHOOK_POLL_INTERVAL_MS: '50' } } },
  );
  receiver = await WebhookReceiver.start();
});

afterAll(async () => {
  await receiver?.stop();
  await stack?.stop();
});

const completeTask = (token: string, id: string) =>
  stack.client.data(`mutation ($id: ID!) { completeTask(id: $id) { id } }`, { id }, { token });

const updateTitle = (token: string, id: string, title: string) =>
  stack.client.data(
    `mutation ($id: ID!, $input: UpdateTaskInput!) { updateTask(id: $id, input: $input) { id } }`,
    { id, input: { title } },
    { token },
  );

/**
 * The owner's first webhook's latest delivery once the sender has recorded its success (a receiver
 * has the request before the sender writes down the answer).
 */
const succeededDelivery = (token: string) =>
  eventually(async () => {
    const [latest] = [...(await deliveriesOf(stack.client, token)).values()][0]!;
    return latest?.status === 'SUCCEEDED' ? latest : null;
  });

describe('webhook deliveries', () => {
  it('signs each request with the Standard Webhooks scheme and sends the selection run with the owner’s rights', async () => {
    const owner = await signUp(stack.client, 'Hook Owner');
    const tag = await createTag(stack.client, owner.token, 'billing');
    const { secret, webhook } = await createWebhook(stack.client, owner.token, {
      url: receiver.url,
      events: ['TASK_CREATED', 'TASK_COMPLETED'],
      selection: 'id title status tags { name }',
    });
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(webhook).toMatchObject({ active: true, selection: 'id title status tags { name }' });
    const task = await createTask(stack.client, owner.token, { title: 'Invoice ACME', tagIds: [tag.id] });
    await completeTask(owner.token, task.id);

    const received = await eventually(async () => {
      const mine = receiver.requests.filter((r) => r.body.includes(task.id));
      return mine.length >= 2 ? mine : null;
    });
    const verifier = new StandardWebhook(secret);
    const bodies = received.map((request) => {
      const headers = request.headers as Record<string, string>;
      expect(headers['content-type']).toBe('application/json');
      expect(Math.abs(Number(headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(30);
      // The library of the scheme checks the signature and the timestamp as an integrator would.
      return verifier.verify(request.body, headers) as Record<string, unknown>;
    });
    expect(bodies.map((body) => body.type)).toEqual(['task.created', 'task.completed']);
    expect(bodies[1]).toMatchObject({
      data: {
        task: { id: task.id, title: 'Invoice ACME', status: 'COMPLETED', tags: [{ name: 'billing' }] },
      },
      changes: { status: { from: 'OPEN', to: 'COMPLETED' } },
    });
    expect(typeof bodies[1]!.at).toBe('string');
    // A forged body does not verify.
    expect(() =>
      verifier.verify(
        received[0]!.body.replace('Invoice', 'Invo1ce'),
        received[0]!.headers as Record<string, string>,
      ),
    ).toThrow();

    const log = (await deliveriesOf(stack.client, owner.token)).get(webhook.id)!;
    expect(log.map((d) => [d.eventType, d.status, d.attempts, d.lastResponseStatus])).toEqual([
      ['TASK_COMPLETED', 'SUCCEEDED', 1, 200],
      ['TASK_CREATED', 'SUCCEEDED', 1, 200],
    ]);
    expect(bodies.map((body) => body.eventId)).toEqual([log[1]!.eventId, log[0]!.eventId]);
    expect(received.map((r) => r.headers['webhook-id'])).toEqual([log[1]!.id, log[0]!.id]);
  });

  it('retries a failing receiver with the same webhook-id, and the log shows the failed then the successful attempt', async () => {
    const owner = await signUp(stack.client, 'Retry Owner');
    const flaky = await WebhookReceiver.start();
    try {
      flaky.respond = (_request, index) =>
        index === 0 ? { status: 500, body: 'database on fire' } : { status: 200 };
      await createWebhook(stack.client, owner.token, { url: flaky.url, events: ['TASK_CREATED'] });
      await createTask(stack.client, owner.token, { title: 'Retry me' });
      const attempts = await eventually(async () => (flaky.requests.length >= 2 ? flaky.requests : null));
      expect(attempts[0]!.headers['webhook-id']).toBe(attempts[1]!.headers['webhook-id']);
      expect(attempts[0]!.body).toBe(attempts[1]!.body);
      const delivery = await succeededDelivery(owner.token);
      expect(delivery).toMatchObject({
        status: 'SUCCEEDED',
        attempts: 2,
        lastResponseStatus: 200,
        nextAttemptAt: null,
      });
      expect(delivery!.attemptLog.map((a) => [a.responseStatus, a.responseBody, a.error])).toEqual([
        [500, 'database on fire', 'HTTP 500'],
        [200, 'ok', null],
      ]);
      expect(flaky.requests).toHaveLength(2);
    } finally {
      await flaky.stop();
    }
  });

  it('delivers one webhook’s events in eventId order, one at a time', async () => {
    const owner = await signUp(stack.client, 'Order Owner');
    const other = await WebhookReceiver.start();
    try {
      // Slow answers: a second request while one is still open would show as overlap.
      other.respond = () => ({ status: 200, delayMs: 40 });
      await createWebhook(stack.client, owner.token, {
        url: other.url,
        events: ['TASK_CREATED', 'TASK_UPDATED'],
        selection: 'title',
      });
      const task = await createTask(stack.client, owner.token, { title: 'v0' });
      for (let i = 1; i <= 8; i += 1) await updateTitle(owner.token, task.id, `v${i}`);
      const bodies = await eventually(async () =>
        other.requests.length >= 9
          ? other.bodies<{ eventId: string; changes: { title?: { to: string } } }>()
          : null,
      );
      expect(bodies.map((b) => b.changes.title?.to ?? 'v0')).toEqual([
        'v0',
        'v1',
        'v2',
        'v3',
        'v4',
        'v5',
        'v6',
        'v7',
        'v8',
      ]);
      const ids = bodies.map((b) => b.eventId.split('-').map(BigInt));
      for (let i = 1; i < ids.length; i += 1)
        expect(
          ids[i]![0]! > ids[i - 1]![0]! || (ids[i]![0] === ids[i - 1]![0] && ids[i]![1]! > ids[i - 1]![1]!),
        ).toBe(true);
      expect(other.mostOpen).toBe(1);
      expect(other.requests).toHaveLength(9);
    } finally {
      await other.stop();
    }
  });

  it('a receiver that hangs does not delay another webhook’s deliveries', async () => {
    const slowOwner = await signUp(stack.client, 'Slow Owner');
    const fastOwner = await signUp(stack.client, 'Fast Owner');
    const slow = await WebhookReceiver.start();
    const fast = await WebhookReceiver.start();
    try {
      slow.respond = () => 'hang';
      await createWebhook(stack.client, slowOwner.token, { url: slow.url, events: ['TASK_CREATED'] });
      await createWebhook(stack.client, fastOwner.token, { url: fast.url, events: ['TASK_CREATED'] });
      await createTask(stack.client, slowOwner.token, { title: 'to the void' });
      await eventually(async () => slow.requests.length >= 1);
      const started = Date.now();
      await createTask(stack.client, fastOwner.token, { title: 'quick' });
      await eventually(async () => fast.requests.length >= 1, 5_000);
      expect(Date.now() - started).toBeLessThan(3_000);
    } finally {
      await slow.stop();
      await fast.stop();
    }
  });

  it('signs with both secrets for a day after a rotation', async () => {
    const owner = await signUp(stack.client, 'Rotation Owner');
    const other = await WebhookReceiver.start();
    try {
      const created = await createWebhook(stack.client, owner.token, {
        url: other.url,
        events: ['TASK_CREATED'],
      });
      const { rotateWebhookSecret } = await stack.client.data<{ rotateWebhookSecret: { secret: string } }>(
        ROTATE_SECRET,
        { id: created.webhook.id },
        { token: owner.token },
      );
      expect(rotateWebhookSecret.secret).not.toBe(created.secret);
      await createTask(stack.client, owner.token, { title: 'after rotation' });
      const [request] = await eventually(async () => (other.requests.length >= 1 ? other.requests : null));
      const headers = request!.headers as Record<string, string>;
      expect(headers['webhook-signature']!.split(' ')).toHaveLength(2);
      expect(new StandardWebhook(created.secret).verify(request!.body, headers)).toBeTruthy();
      expect(new StandardWebhook(rotateWebhookSecret.secret).verify(request!.body, headers)).toBeTruthy();
    } finally {
      await other.stop();
    }
  });

  it('sends null data.task after a deletion, and redelivers a delivery on request', async () => {
    const owner = await signUp(stack.client, 'Deletion Owner');
    const other = await WebhookReceiver.start();
    try {
      await createWebhook(stack.client, owner.token, {
        url: other.url,
        events: ['TASK_DELETED'],
        selection: 'id title',
      });
      const task = await createTask(stack.client, owner.token, { title: 'short-lived' });
      await stack.client.data(
        `mutation ($id: ID!) { deleteTask(id: $id) { id } }`,
        { id: task.id },
        { token: owner.token },
      );
      const [body] = await eventually(async () => (other.requests.length >= 1 ? other.bodies() : null));
      expect(body).toMatchObject({ type: 'task.deleted', data: { task: null } });
      const [delivery] = [...(await deliveriesOf(stack.client, owner.token)).values()][0]!;
      const { redeliverWebhook } = await stack.client.data<{
        redeliverWebhook: { id: string; status: string };
      }>(REDELIVER, { id: delivery!.id }, { token: owner.token });
      expect(redeliverWebhook).toMatchObject({ id: delivery!.id, status: 'PENDING' });
      await eventually(async () => other.requests.length >= 2);
      expect(other.requests[1]!.headers['webhook-id']).toBe(delivery!.id);
      const after = await succeededDelivery(owner.token);
      expect(after).toMatchObject({ status: 'SUCCEEDED', attempts: 2 });
    } finally {
      await other.stop();
    }
  });

  it('stops sending when deactivated and deletes with its log', async () => {
    const owner = await signUp(stack.client, 'Pause Owner');
    const other = await WebhookReceiver.start();
    try {
      const { webhook } = await createWebhook(stack.client, owner.token, {
        url: other.url,
        events: ['TASK_CREATED'],
      });
      const { updateWebhook } = await stack.client.data<{
        updateWebhook: { active: boolean; events: string[] };
      }>(
        UPDATE_WEBHOOK,
        { id: webhook.id, input: { active: false, events: ['TASK_CREATED', 'TASK_UPDATED'] } },
        { token: owner.token },
      );
      expect(updateWebhook).toMatchObject({ active: false, events: ['TASK_CREATED', 'TASK_UPDATED'] });
      await createTask(stack.client, owner.token, { title: 'unheard' });
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(other.requests).toHaveLength(0);
      const deleted = await stack.client.data<{ deleteWebhook: boolean }>(
        DELETE_WEBHOOK,
        { id: webhook.id },
        { token: owner.token },
      );
      expect(deleted.deleteWebhook).toBe(true);
      const again = await stack.client.request(DELETE_WEBHOOK, { id: webhook.id }, { token: owner.token });
      expect(errorCodes(again)).toEqual(['NOT_FOUND']);
    } finally {
      await other.stop();
    }
  });
});

describe('who may change a webhook, and what is refused', () => {
  const CREATE_KEY = `mutation ($scopes: [ApiKeyScope!]!) { createApiKey(name: "integration", scopes: $scopes) { key } }`;
  const LIST = '{ webhooks { id url selection active } }';

  it('a READ API key lists webhooks but cannot create, change or delete one', async () => {
    const owner = await signUp(stack.client, 'Key Owner');
    const { webhook } = await createWebhook(stack.client, owner.token, {
      url: receiver.url,
      events: ['TASK_CREATED'],
    });
    const { createApiKey } = await stack.client.data<{ createApiKey: { key: string } }>(
      CREATE_KEY,
      { scopes: ['READ'] },
      { token: owner.token },
    );
    const read = createApiKey.key;
    const listed = await stack.client.data<{ webhooks: { id: string }[] }>(LIST, {}, { token: read });
    expect(listed.webhooks.map((hook) => hook.id)).toEqual([webhook.id]);
    const refused = await Promise.all([
      stack.client.request(
        `mutation ($input: CreateWebhookInput!) { createWebhook(input: $input) { secret } }`,
        { input: { url: receiver.url, events: ['TASK_CREATED'] } },
        { token: read },
      ),
      stack.client.request(UPDATE_WEBHOOK, { id: webhook.id, input: { active: false } }, { token: read }),
      stack.client.request(ROTATE_SECRET, { id: webhook.id }, { token: read }),
      stack.client.request(DELETE_WEBHOOK, { id: webhook.id }, { token: read }),
    ]);
    for (const result of refused) expect(errorCodes(result)).toEqual(['FORBIDDEN']);
    const after = await stack.client.data<{ webhooks: { id: string; active: boolean }[] }>(
      LIST,
      {},
      { token: owner.token },
    );
    expect(after.webhooks).toEqual([expect.objectContaining({ id: webhook.id, active: true })]);
  });

  it('another user’s webhook, and ids that name nothing, are NOT_FOUND and change nothing', async () => {
    const owner = await signUp(stack.client, 'Hook Keeper');
    const intruder = await signUp(stack.client, 'Hook Intruder');
    const { webhook } = await createWebhook(stack.client, owner.token, {
      url: receiver.url,
      events: ['TASK_CREATED'],
      selection: 'id title',
    });
    for (const id of [webhook.id, 'not-a-uuid', `${webhook.id}\u0000`, 'x'.repeat(10_000)]) {
      const results = await Promise.all([
        stack.client.request(UPDATE_WEBHOOK, { id, input: { selection: 'id' } }, { token: intruder.token }),
        stack.client.request(ROTATE_SECRET, { id }, { token: intruder.token }),
        stack.client.request(DELETE_WEBHOOK, { id }, { token: intruder.token }),
        stack.client.request(REDELIVER, { id }, { token: intruder.token }),
      ]);
      for (const result of results) expect(errorCodes(result)).toEqual(['NOT_FOUND']);
    }
    const theirs = await stack.client.data<{ webhooks: unknown[] }>(LIST, {}, { token: intruder.token });
    expect(theirs.webhooks).toEqual([]);
    const mine = await stack.client.data<{ webhooks: { selection: string }[] }>(
      LIST,
      {},
      { token: owner.token },
    );
    expect(mine.webhooks).toEqual([expect.objectContaining({ id: webhook.id, selection: 'id title' })]);
  });

  it('refuses a selection or url that is not valid with BAD_USER_INPUT on that field, and writes nothing', async () => {
    const owner = await signUp(stack.client, 'Careful Owner');
    const create = (input: Record<string, unknown>) =>
      stack.client.request(
        `mutation ($input: CreateWebhookInput!) { createWebhook(input: $input) { secret } }`,
        { input: { url: receiver.url, events: ['TASK_CREATED'], ...input } },
        { token: owner.token },
      );
    const cases: [Record<string, unknown>, string][] = [
      [{ selection: 'id noSuchField' }, 'selection'],
      [{ selection: 'id { ' }, 'selection'],
      [{ selection: `id ${'title '.repeat(20_000)}` }, 'selection'],
      [{ selection: 'id\u0000' }, 'selection'],
      [{ url: 'not a url' }, 'url'],
      [{ url: 'ftp://example.com/hook' }, 'url'],
    ];
    for (const [input, field] of cases) {
      const result = await create(input);
      expect(errorCodes(result), JSON.stringify(input).slice(0, 80)).toEqual(['BAD_USER_INPUT']);
      expect(result.errors?.[0]?.extensions?.field).toBe(field);
    }
    const listed = await stack.client.data<{ webhooks: unknown[] }>(LIST, {}, { token: owner.token });
    expect(listed.webhooks).toEqual([]);
  });
});
