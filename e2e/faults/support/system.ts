import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, type WriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '@taskflow/common/testing';
import { type SubgraphName, subgraphs } from '../../../schema/subgraphs.js';
import { until } from './infra.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));

/** Every subgraph of the supergraph (the one list), the recurrence worker and the gateway. */
export const SERVICES = [...subgraphs.map(({ name }) => name), 'worker', 'gateway'] as const;
export type ServiceName = SubgraphName | 'worker' | 'gateway';

const entryOf = (name: ServiceName) =>
  name === 'gateway'
    ? 'gateway/src/index.ts'
    : name === 'worker'
      ? 'subgraphs/tasks/src/worker.ts'
      : `subgraphs/${name}/src/index.ts`;

interface Running {
  child: ChildProcess;
  log: WriteStream;
}

/**
 * Every TaskFlow service as its own process, started as `npm start` starts them
 * (`node --import tsx <entry>`), against the suite's own Postgres and Redis. Output goes to one log
 * file per service, shown when a scenario fails.
 */
export class TaskFlowSystem {
  private readonly running = new Map<ServiceName, Running>();
  private readonly logDir = mkdtempSync(join(tmpdir(), 'taskflow-faults-logs-'));

  private constructor(
    private readonly ports: Record<ServiceName, number>,
    private readonly env: Record<string, string>,
  ) {}

  static async create(databaseUrl: string, redisUrl: string): Promise<TaskFlowSystem> {
    const ports = Object.fromEntries(
      await Promise.all(SERVICES.map(async (name) => [name, await freePort()])),
    ) as Record<ServiceName, number>;
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      NODE_ENV: 'production',
      LOG_LEVEL: process.env.FAULTS_LOG_LEVEL ?? 'warn',
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisUrl,
      REDIS_PREFIX: 'taskflow-faults:',
      INTERNAL_JWT_SECRET: 'faults-internal-identity-secret-0123456789abcdef',
      JWT_SECRET: 'faults-access-token-secret-0123456789abcdef',
      SIGNUP_MAX_PER_IP_PER_MINUTE: '100000',
      HOST: '127.0.0.1',
      SHUTDOWN_TIMEOUT_MS: '3000',
      // Reminders are checked often enough for the suite's few seconds of load.
      REMINDER_POLL_INTERVAL_MS: '200',
      // Quick turns so a restarted consumer is back within the suite's short windows.
      EVENTS_CONSUMER_BLOCK_MS: '500',
      EVENTS_RELAY_POLL_INTERVAL_MS: '250',
      EVENTS_RELAY_LOCK_RETRY_MS: '500',
      ...Object.fromEntries(
        subgraphs.map(({ name }) => [`${name.toUpperCase()}_URL`, `http://127.0.0.1:${ports[name]}/graphql`]),
      ),
    };
    return new TaskFlowSystem(ports, env);
  }

  get gatewayUrl() {
    return `http://127.0.0.1:${this.ports.gateway}/graphql`;
  }

  healthUrl(name: ServiceName, check: 'ready' | 'live' = 'ready') {
    return `http://127.0.0.1:${this.ports[name]}/health/${check}`;
  }

  start(name: ServiceName) {
    const log = createWriteStream(join(this.logDir, `${name}.log`), { flags: 'a' });
    const child = spawn(process.execPath, ['--import', 'tsx', entryOf(name)], {
      cwd: root,
      env: {
        ...this.env,
        PORT: String(this.ports[name]),
        ...(name === 'worker' ? { WORKER_PORT: String(this.ports[name]) } : {}),
        // Stable per service, as a StatefulSet names its pods: a restart resumes its own pending events.
        EVENTS_CONSUMER_NAME: `faults-${name}`,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.pipe(log, { end: false });
    child.stderr?.pipe(log, { end: false });
    this.running.set(name, { child, log });
  }

  async startAll() {
    for (const name of SERVICES) this.start(name);
    await Promise.all(SERVICES.map((name) => this.waitReady(name, 120_000)));
  }

  async waitReady(name: ServiceName, timeoutMs = 30_000) {
    await until(
      `${name} to be ready`,
      async () => {
        const { child } = this.running.get(name) ?? {};
        if (!child || child.exitCode !== null) throw new Error(`${name} is not running`);
        return (await fetch(this.healthUrl(name))).ok;
      },
      timeoutMs,
    );
  }

  async isReady(name: ServiceName): Promise<boolean> {
    try {
      return (await fetch(this.healthUrl(name), { signal: AbortSignal.timeout(2_000) })).ok;
    } catch {
      return false;
    }
  }

  /** Names of services whose process has exited (for a process that must never die). */
  exited(): ServiceName[] {
    return SERVICES.filter((name) => {
      const child = this.running.get(name)?.child;
      return !child || child.exitCode !== null || child.signalCode !== null;
    });
  }

  pid(name: ServiceName): number | undefined {
    return this.running.get(name)?.child.pid;
  }

  async kill(name: ServiceName, signal: NodeJS.Signals = 'SIGKILL') {
    const running = this.running.get(name);
    if (!running) return;
    const { child, log } = running;
    if (child.exitCode === null && child.signalCode === null) {
      await new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill(signal);
      });
    }
    log.end();
    this.running.delete(name);
  }

  logTail(name: ServiceName, lines = 30): string {
    try {
      return readFileSync(join(this.logDir, `${name}.log`), 'utf8')
        .trim()
        .split('\n')
        .slice(-lines)
        .join('\n');
    } catch {
      return '';
    }
  }

  async stopAll() {
    await Promise.all(SERVICES.map((name) => this.kill(name, 'SIGTERM')));
  }

  removeLogs() {
    rmSync(this.logDir, { recursive: true, force: true });
  }
}
