import { testRedisUrl } from '@taskflow/common/testing';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type Persona, signUp } from './support/client.js';
import { type Stack, startStack } from './support/stack.js';
import { createTask } from './support/tasks.js';
import { SubscriptionProbe, waitForSubscribers } from './support/ws.js';

let stack: Stack;
let redis: Redis;
let user: Persona;
beforeAll(async () => {
  stack = await startStack({ WS_MAX_QUEUED_EVENTS: '5', WS_PING_INTERVAL_MS: '300' });
  redis = new Redis(testRedisUrl());
  user = await signUp(stack.client, 'Protocol');
});
afterAll(async () => {
  redis?.disconnect();
  await stack?.stop();
});

/** A bare graphql-transport-ws connection, to speak the protocol wrongly on purpose. */
function connect() {
  const socket = new WebSocket(stack.gatewayUrl.replace(/^http/, 'ws'), 'graphql-transport-ws');
  const messages: { type: string; id?: string; payload?: unknown }[] = [];
  socket.on('message', (data) => messages.push(JSON.parse(data.toString())));
  const opened = new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  const send = (message: object | string) =>
    socket.send(typeof message === 'string' ? message : JSON.stringify(message));
  const acked = async () => {
    const deadline = Date.now() + 5_000;
    while (!messages.some((m) => m.type === 'connection_ack')) {
      if (Date.now() > deadline) throw new Error('no connection_ack');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };
  return { socket, messages, opened, closed, send, acked };
}

const init = () => ({ type: 'connection_init', payload: { authorization: `Bearer ${user.token}` } });
const subscribeMessage = (id: string) => ({
  id,
  type: 'subscribe',
  payload: { query: 'subscription { taskChanged { eventId } }' },
});

describe('graphql-transport-ws protocol, as graphql-ws defines it', () => {
  it('4408 when connection_init does not come in time', async () => {
    const client = connect();
    await client.opened;
    expect((await client.closed).code).toBe(4408);
  });

  it('4429 on a second connection_init', async () => {
    const client = connect();
    await client.opened;
    client.send(init());
    await client.acked();
    client.send(init());
    expect((await client.closed).code).toBe(4429);
  });

  it('4401 when subscribing before the acknowledgement', async () => {
    const client = connect();
    await client.opened;
    client.send(subscribeMessage('early'));
    expect((await client.closed).code).toBe(4401);
  });

  it('4409 for a second subscription with an id already in use', async () => {
    const client = connect();
    await client.opened;
    client.send(init());
    await client.acked();
    client.send(subscribeMessage('same'));
    client.send(subscribeMessage('same'));
    expect((await client.closed).code).toBe(4409);
  });

  it.each([
    ['not json'],
    [JSON.stringify({ type: 'nonsense' })],
    [JSON.stringify({ id: 1, type: 'subscribe' })],
  ])('4400 for a malformed message: %s', async (message) => {
    const client = connect();
    await client.opened;
    client.send(init());
    await client.acked();
    client.send(message);
    expect((await client.closed).code).toBe(4400);
  });

  it('accepts `Authorization` spelt with a capital, as HTTP headers may be', async () => {
    const client = connect();
    await client.opened;
    client.send({ type: 'connection_init', payload: { Authorization: `Bearer ${user.token}` } });
    await client.acked();
    client.socket.close();
  });

  it('4403 when connection_init carries no valid token', async () => {
    const client = connect();
    await client.opened;
    client.send({ type: 'connection_init', payload: { authorization: 'Bearer forged' } });
    expect((await client.closed).code).toBe(4403);
  });
});

describe('slow and dead clients', () => {
  it('disconnects a subscriber that falls too far behind (1013), instead of buffering without bound', async () => {
    const probe = new SubscriptionProbe(
      stack.gatewayUrl,
      `Bearer ${user.token}`,
      'subscription { taskChanged { eventId task { id title } } }',
    );
    await waitForSubscribers(redis, `${stack.redisPrefix}user:${user.id}`);
    const task = await createTask(stack.client, user.token, { title: 'hot' });
    // A burst far faster than the per-event entity fetch: the 5-event queue overflows.
    const pipeline = redis.pipeline();
    for (let i = 1; i <= 200; i++) {
      pipeline.publish(
        `${stack.redisPrefix}user:${user.id}`,
        JSON.stringify({
          eventId: `${Date.now() + 1_000_000}-${i}`,
          envelopeId: crypto.randomUUID(),
          type: 'TaskUpdated',
          kind: 'UPDATED',
          aggregateType: 'Task',
          aggregateId: task.id,
          ownerId: user.id,
          correlationId: null,
          occurredAt: new Date().toISOString(),
        }),
      );
    }
    await pipeline.exec();
    expect((await probe.waitForClose())?.code).toBe(1013);
    expect(probe.received.length).toBeLessThan(200);
    await probe.dispose();
  });

  it('drops a connection that stops answering pings', async () => {
    const client = connect();
    await client.opened;
    client.send(init());
    await client.acked();
    const before = stack.gateway.subscriptionConnections();
    expect(before).toBeGreaterThan(0);
    // Stop reading: pings go unanswered, as with a vanished peer.
    (client.socket as unknown as { _socket: { pause: () => void } })._socket.pause();
    const deadline = Date.now() + 5_000;
    while (stack.gateway.subscriptionConnections() >= before) {
      if (Date.now() > deadline) throw new Error('the dead connection was kept');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    client.socket.terminate();
  });
});
