/**
 * `npm start`: the whole of TaskFlow in one terminal. Starts every subgraph, worker and the gateway
 * as separate processes (as they run in production), prefixes their log lines, and stops them all
 * on Ctrl-C / SIGTERM. If one dies, the others are stopped and the exit status says so.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { subgraphs } from '../schema/subgraphs.js';

const root = fileURLToPath(new URL('..', import.meta.url));

interface ProcessSpec {
  name: string;
  entry: string;
}

const processes: ProcessSpec[] = [
  ...subgraphs.map(({ name }) => ({ name, entry: `subgraphs/${name}/src/index.ts` })),
  // The recurrence worker: tasks' domain code in its own process (health on WORKER_PORT, 4006).
  { name: 'worker', entry: 'subgraphs/tasks/src/worker.ts' },
  { name: 'gateway', entry: 'gateway/src/index.ts' },
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
    env: process.env,
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
