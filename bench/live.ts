/**
 * `npm run bench:live` (issue 4): 1,000 open `taskChanged` subscriptions (10 for each of 100 users,
 * one WebSocket each, as browser tabs would hold them) on one gateway process, and a steady stream
 * of mutations. Prints mutation→event latency p50/p99 (from sending the mutation to each
 * subscriber receiving its event), events delivered per second, and the gateway's RSS before and
 * after the subscribers connected. A warm-up at the same rate (BENCH_WARMUP, 5 s) comes first, not
 * measured.
 */
import { readFileSync } from 'node:fs';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { subgraphs } from '../schema/subgraphs.js';
import { graphql, signUp, startSystem } from './support/services.js';

const USERS = Number(process.env.BENCH_USERS ?? 100);
const PER_USER = Number(process.env.BENCH_SUBSCRIPTIONS_PER_USER ?? 10);
const RATE = Number(process.env.BENCH_MUTATIONS_PER_SECOND ?? 100);
const SECONDS = Number(process.env.BENCH_DURATION ?? 20);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 5);

const SUBSCRIPTION = 'subscription { taskChanged { eventId kind task { id title priority tags { name } } } }';
const UPDATE =
  'mutation ($id: ID!, $title: String!) { updateTask(id: $id, input: { title: $title }) { id } }';

const log = (message: string) => process.stdout.write(`${message}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const rssKb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]);
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
};

const system = await startSystem(
  subgraphs.map((subgraph) => subgraph.name),
  { WS_AUTH_RECHECK_MS: '600000' },
);
const clients: ReturnType<typeof createClient>[] = [];
try {
  const gatewayPid = system.processes.get('gateway')!.pid!;
  log(`signing up ${USERS} users...`);
  const users = await Promise.all(
    Array.from({ length: USERS }, async (_, i) => {
      const user = await signUp(system.gatewayUrl, `Live ${i}`);
      const auth = { authorization: `Bearer ${user.token}` };
      const tag = await graphql<{ createTag: { id: string } }>(
        system.gatewayUrl,
        'mutation { createTag(input: { name: "live" }) { id } }',
        {},
        auth,
      );
      const task = await graphql<{ createTask: { id: string } }>(
        system.gatewayUrl,
        'mutation ($tags: [ID!]) { createTask(input: { title: "start", tagIds: $tags }) { id } }',
        { tags: [tag.createTag.id] },
        auth,
      );
      return { ...user, auth, taskId: task.createTask.id };
    }),
  );
  // Warm the gateway's paths (query plans, connections) before measuring its memory.
  for (const user of users.slice(0, 10))
    await graphql(system.gatewayUrl, UPDATE, { id: user.taskId, title: 'warm' }, user.auth);
  await sleep(2_000);
  global.gc?.();
  const rssBefore = rssKb(gatewayPid);

  const sentAt = new Map<string, number>();
  /** The slowest delivery of the mutations sent in each second: shows whether the tail is steady or bursts. */
  const worstBySecond: number[] = [];
  let mutationsStartedAt = 0;
  const latencies: number[] = [];
  let delivered = 0;
  let firstDelivery = 0;
  let lastDelivery = 0;
  log(`opening ${USERS * PER_USER} subscriptions...`);
  let ready = 0;
  for (const user of users) {
    for (let i = 0; i < PER_USER; i++) {
      const client = createClient({
        url: system.gatewayUrl.replace(/^http/, 'ws'),
        webSocketImpl: WebSocket,
        connectionParams: { authorization: `Bearer ${user.token}` },
        lazy: false,
        retryAttempts: 0,
        on: { connected: () => void ready++ },
      });
      clients.push(client);
      client.subscribe<{ taskChanged: { task: { title: string } | null } }>(
        { query: SUBSCRIPTION },
        {
          next: ({ data }) => {
            const title = data?.taskChanged.task?.title;
            const started = title?.startsWith('m') ? sentAt.get(title) : undefined;
            if (started === undefined) return;
            const now = performance.now();
            latencies.push(now - started);
            const second = Math.floor((started - mutationsStartedAt) / 1000);
            worstBySecond[second] = Math.max(worstBySecond[second] ?? 0, now - started);
            delivered++;
            firstDelivery ||= now;
            lastDelivery = now;
          },
          error: (error) => log(`subscription error: ${JSON.stringify(error)}`),
          complete: () => undefined,
        },
      );
    }
  }
  while (ready < USERS * PER_USER) await sleep(100);
  await sleep(5_000);
  const rssAfter = rssKb(gatewayPid);

  /** Sends `count` title updates at RATE per second, round-robin over the users, titled `prefix<n>`. */
  const sendAtRate = async (count: number, prefix: string) => {
    let sent = 0;
    const started = performance.now();
    const inFlight: Promise<unknown>[] = [];
    while (sent < count) {
      const due = Math.floor(((performance.now() - started) / 1000) * RATE);
      while (sent < Math.min(due, count)) {
        const user = users[sent % users.length]!;
        const title = `${prefix}${sent}`;
        sentAt.set(title, performance.now());
        inFlight.push(
          graphql(system.gatewayUrl, UPDATE, { id: user.taskId, title }, user.auth).catch(() => failed++),
        );
        sent++;
      }
      await sleep(2);
    }
    await Promise.all(inFlight);
    return sent;
  };
  let failed = 0;
  // The same load, not measured, as bench:api warms up: JIT, connection pools, caches.
  log(`warming up: ${RATE} mutations/s for ${WARMUP} s...`);
  await sendAtRate(RATE * WARMUP, 'w');
  // Let the consumers (audit, notifications) and the relays finish what the set-up and the warm-up
  // left them, so the run measures the steady state.
  await sleep(5_000);
  latencies.length = 0;
  delivered = 0;
  firstDelivery = 0;
  worstBySecond.length = 0;

  log(`sending ${RATE} mutations/s for ${SECONDS} s...`);
  const total = RATE * SECONDS;
  mutationsStartedAt = performance.now();
  const sent = await sendAtRate(total, 'm');
  const expected = total * PER_USER;
  const deadline = Date.now() + 15_000;
  while (delivered < expected && Date.now() < deadline) await sleep(100);

  log('');
  log(
    `subscriptions: ${USERS * PER_USER} (${PER_USER} per user, ${USERS} users), mutations: ${sent} at ${RATE}/s, failed: ${failed}`,
  );
  log(`events delivered: ${delivered} of ${expected}`);
  log(
    `mutation→event latency: p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms, max ${Math.max(...latencies).toFixed(1)} ms  (target p99 ≤ 100 ms)`,
  );
  log(`slowest delivery by second of sending (ms): ${worstBySecond.map((ms) => Math.round(ms)).join(' ')}`);
  log(`events/s delivered: ${Math.round(delivered / ((lastDelivery - firstDelivery) / 1000))}`);
  log(
    `gateway RSS: ${(rssBefore / 1024).toFixed(1)} MiB before, ${(rssAfter / 1024).toFixed(1)} MiB with the subscribers idle → ${((rssAfter - rssBefore) / (USERS * PER_USER)).toFixed(1)} KB per idle subscription (target ≤ 30 KB)`,
  );
  log(`gateway RSS after the run: ${(rssKb(gatewayPid) / 1024).toFixed(1)} MiB`);
} finally {
  await Promise.all(clients.map((client) => client.dispose()));
  await system.stop();
}
