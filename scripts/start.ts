/**
 * `npm start`: the whole of TaskFlow in one terminal. Starts every subgraph, worker and the gateway
 * as separate processes (as they run in production), prefixes their log lines, and stops them all
 * on Ctrl-C / SIGTERM. If one dies, the others are stopped and the exit status says so.
 *
 * Ports: `PORT` moves the gateway only (default 4000); each subgraph has its own `<NAME>_PORT`
 * (ACCOUNTS_PORT … WEBHOOKS_PORT, defaults 4001-4007) and the worker `WORKER_PORT` (4006). Each
 * child gets its own `PORT`, and the `<NAME>_URL`s its callers use follow the ports chosen.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { HalfConfiguredError, platformModeOf } from '../packages/common/src/platform.js';
import { defaultSubgraphUrl, subgraphs } from '../schema/subgraphs.js';

const root = fileURLToPath(new URL('..', import.meta.url));

interface ProcessSpec {
  name: string;
  entry: string;
  /** The environment the child gets beside ours. */
  env: Record<string, string>;
}

const defaults = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/postgres',
  REDIS_URL: 'redis://127.0.0.1:6379',
};

let mode: ReturnType<typeof platformModeOf>;
try {
  mode = platformModeOf(process.env);
} catch (error) {
  if (!(error instanceof HalfConfiguredError)) throw error;
  process.stderr.write(`Cannot start: ${error.message}\n`);
  process.exit(1);
}
if (mode === 'embedded') {
  // The single-process host on PGlite is not built yet: run the services on the local defaults.
  process.stdout.write(
    `TaskFlow: services mode (embedded mode is not available yet), data in Postgres at ${defaults.DATABASE_URL} ` +
      `and Redis at ${defaults.REDIS_URL}\n`,
  );
} else {
  process.stdout.write(
    `TaskFlow: services mode, data in Postgres at ${redactUrl(process.env.DATABASE_URL!)} ` +
      `and Redis at ${redactUrl(process.env.REDIS_URL!)}\n`,
  );
}

/** A URL without its password, for the log. */
function redactUrl(value: string): string {
  try {
    const url = new URL(value);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return value;
  }
}

const portOf = (variable: string, fallback: number) => process.env[variable] || String(fallback);
const subgraphPorts = subgraphs.map(({ name, port }) => ({
  name,
  port: portOf(`${name.toUpperCase()}_PORT`, port),
}));
// Where each subgraph is, for whoever calls it (the gateway, tasks → tags, notifications → tasks…).
const subgraphUrls = Object.fromEntries(
  subgraphPorts.map(({ name, port }) => [
    `${name.toUpperCase()}_URL`,
    process.env[`${name.toUpperCase()}_URL`] || defaultSubgraphUrl(Number(port)),
  ]),
);
const shared = { ...(mode === 'embedded' ? defaults : {}), ...subgraphUrls };

const processes: ProcessSpec[] = [
  ...subgraphPorts.map(({ name, port }) => ({
    name,
    entry: `subgraphs/${name}/src/index.ts`,
    env: { ...shared, PORT: port },
  })),
  // The recurrence worker: tasks' domain code in its own process (health on WORKER_PORT, 4006).
  {
    name: 'worker',
    entry: 'subgraphs/tasks/src/worker.ts',
    env: { ...shared, WORKER_PORT: portOf('WORKER_PORT', 4006) },
  },
  { name: 'gateway', entry: 'gateway/src/index.ts', env: { ...shared, PORT: portOf('PORT', 4000) } },
];

const colors = [36, 33, 35, 32, 34, 91, 96];
const width = Math.max(...processes.map((p) => p.name.length));
const label = (name: string, index: number) =>
  `\x1b[${colors[index % colors.length]}m${name.padEnd(width)} |\x1b[0m`;

if (!existsSync(`${root}/web/dist/graphiql.html`)) {
  process.stdout.write('Building the web app and GraphiQL (first run only)...\n');
  const build = spawnSync('npm', ['run', 'build', '-w', '@taskflow/web'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const children = new Map<string, ChildProcess>();
let stopping = false;
let exitCode = 0;

function stopAll(signal: NodeJS.Signals) {
  if (stopping) return;
  stopping = true;
  for (const child of children.values()) child.kill(signal);
}

processes.forEach((spec, index) => {
  const child = spawn(process.execPath, ['--import', 'tsx', spec.entry], {
    cwd: root,
    env: { ...process.env, ...spec.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Own process group: a terminal's Ctrl-C reaches only this script, which stops each child once.
    detached: true,
  });
  children.set(spec.name, child);
  const prefix = label(spec.name, index);
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream! }).on('line', (line) => process.stdout.write(`${prefix} ${line}\n`));
  }
  child.on('exit', (code, signal) => {
    children.delete(spec.name);
    if (!stopping) {
      process.stdout.write(`${prefix} exited (${signal ?? code}); stopping the others\n`);
      exitCode = code || 1;
      stopAll('SIGTERM');
    }
    if (children.size === 0) process.exit(exitCode);
  });
});

process.on('SIGINT', () => stopAll('SIGTERM'));
process.on('SIGTERM', () => stopAll('SIGTERM'));
process.on('exit', () => {
  for (const child of children.values()) child.kill('SIGKILL');
});
