import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { createTestDatabase, type TestDatabase, uniqueRedisPrefix } from '@taskflow/common/testing';
import { waitFor } from '@taskflow/events/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase('notifications_shutdown');
});
afterAll(() => database?.drop());

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

it('stops its background work and exits 0 on SIGTERM', async () => {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'subgraphs/notifications/src/index.ts'], {
    cwd: new URL('../../..', import.meta.url).pathname,
    env: {
      ...process.env,
      DATABASE_URL: database.url,
      REDIS_PREFIX: uniqueRedisPrefix(),
      PORT: String(port),
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => {
    output += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/health/ready`)).ok, { timeoutMs: 20_000 });
  const stoppingAt = Date.now();
  child.kill('SIGTERM');
  expect(await exited).toBe(0);
  // Consumers are interrupted, not waited out (EVENTS_CONSUMER_BLOCK_MS is 5 s by default).
  expect(Date.now() - stoppingAt).toBeLessThan(3_000);
  const messages = output
    .trim()
    .split('\n')
    .map((line) => (JSON.parse(line) as { msg: string }).msg);
  expect(messages).toEqual(expect.arrayContaining(['shutting down', 'stopped']));
  expect(messages).not.toContain('error while shutting down');
});
