import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
  createTestDatabase,
  freePort,
  type TestDatabase,
  testRedisUrl,
  uniqueRedisPrefix,
} from '@taskflow/common/testing';

const root = fileURLToPath(new URL('../..', import.meta.url));

export const BENCH_INTERNAL_SECRET = 'bench-internal-identity-secret-0123456789abcdef';

async function waitUntilLive(url: string, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} did not come up`);
}

export interface RunningSystem {
  database: TestDatabase;
  urls: Record<string, string>;
  gatewayUrl: string;
  processes: Map<string, ChildProcess>;
  stop: () => Promise<void>;
}

export interface SystemOptions {
  /** Also run the recurrence worker (subgraphs/tasks/src/worker.ts) as the process `worker`. */
  recurrenceWorker?: boolean;
}

/**
 * The system as it runs in production, one process per service, on a fresh database: what the
 * benchmarks measure. The benchmark's own load generator runs in this (separate) process.
 */
export async function startSystem(
  services: string[],
  env: Record<string, string> = {},
  options: SystemOptions = {},
): Promise<RunningSystem> {
  const database = await createTestDatabase('bench');
  const workers = options.recurrenceWorker ? ['worker'] : [];
  const ports = Object.fromEntries(
    await Promise.all([...services, 'gateway', ...workers].map(async (name) => [name, await freePort()])),
  );
  const urls = Object.fromEntries(services.map((name) => [name, `http://127.0.0.1:${ports[name]}/graphql`]));
  const common = {
    ...process.env,
    DATABASE_URL: database.url,
    REDIS_URL: testRedisUrl(),
    REDIS_PREFIX: uniqueRedisPrefix(),
    INTERNAL_JWT_SECRET: BENCH_INTERNAL_SECRET,
    JWT_SECRET: 'bench-access-token-secret-0123456789abcdef',
    // Measured as deployed (k8s/config.yaml): libraries take their production paths (graphql-js
    // skips its development-only checks).
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    SIGNUP_MAX_PER_IP_PER_MINUTE: '100000',
    ...Object.fromEntries(services.map((name) => [`${name.toUpperCase()}_URL`, urls[name]!])),
    ...env,
  };
  const processes = new Map<string, ChildProcess>();
  const launch = (name: string, entry: string) => {
    const child = spawn(
      process.execPath,
      [
        ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []),
        '--import',
        'tsx',
        entry,
      ],
      {
        cwd: root,
        env: {
          ...common,
          PORT: String(ports[name]),
          ...(name === 'worker' ? { WORKER_PORT: String(ports[name]) } : {}),
        },
        stdio: ['ignore', 'inherit', 'inherit'],
      },
    );
    processes.set(name, child);
  };
  for (const name of services) launch(name, `subgraphs/${name}/src/index.ts`);
  launch('gateway', 'gateway/src/index.ts');
  if (options.recurrenceWorker) launch('worker', 'subgraphs/tasks/src/worker.ts');
  const stop = async () => {
    await Promise.all(
      [...processes.values()].map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
          }),
      ),
    );
    await database.drop();
  };
  try {
    await Promise.all(
      [...services, 'gateway', ...workers].map((name) =>
        waitUntilLive(`http://127.0.0.1:${ports[name]}/health/ready`),
      ),
    );
  } catch (error) {
    // Leave nothing running behind a failed start.
    await stop();
    throw error;
  }
  return {
    database,
    urls,
    gatewayUrl: `http://127.0.0.1:${ports.gateway}/graphql`,
    processes,
    stop,
  };
}

export async function graphql<T>(
  url: string,
  query: string,
  variables: object = {},
  headers: Record<string, string> = {},
) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: unknown[] };
  if (body.errors || !body.data) throw new Error(`GraphQL error: ${JSON.stringify(body.errors)}`);
  return body.data;
}

export async function signUp(gatewayUrl: string, name: string): Promise<{ id: string; token: string }> {
  const data = await graphql<{ signUp: { token: string; user: { id: string } } }>(
    gatewayUrl,
    'mutation ($input: SignUpInput!) { signUp(input: $input) { token user { id } } }',
    {
      input: {
        email: `${name.toLowerCase().replace(/\W+/g, '-')}.${Date.now()}.${Math.random().toString(36).slice(2)}@bench.example`,
        password: 'benchmark password',
        name,
      },
    },
  );
  return { id: data.signUp.user.id, token: data.signUp.token };
}
