import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@taskflow/common/testing';
import { Redis } from 'ioredis';
import pg from 'pg';

/**
 * Redis and Postgres of the fault suite's own, on free ports in a temp directory: the suite kills
 * and restarts them, so they are never the shared ones.
 */

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function until<T>(
  what: string,
  probe: () => Promise<T | undefined | false>,
  timeoutMs = 30_000,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value as T;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** A redis-server child; `kill` is SIGKILL, `start` restarts it on the same port and directory. */
export class RedisServer {
  private child: ChildProcess | null = null;
  private constructor(
    readonly port: number,
    private readonly dir: string,
  ) {}

  static async create(): Promise<RedisServer> {
    const server = new RedisServer(await freePort(), mkdtempSync(join(tmpdir(), 'taskflow-faults-redis-')));
    await server.start({ aof: true });
    return server;
  }

  get url() {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** With `aof`, every write is appended to the AOF before it is answered, and a restart reloads it. */
  async start({ aof }: { aof: boolean }) {
    const persistence = aof ? ['--appendonly', 'yes', '--appendfsync', 'everysec'] : ['--appendonly', 'no'];
    this.child = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--dir', this.dir, '--save', '', ...persistence],
      { stdio: 'ignore' },
    );
    const probe = new Redis(this.url, {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    probe.on('error', () => undefined);
    try {
      await until('redis to answer', async () => (await probe.connect().then(() => probe.ping())) === 'PONG');
    } finally {
      probe.disconnect();
    }
  }

  /** SIGKILL: what is not in the AOF is gone. */
  async kill() {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
    this.child = null;
  }

  /** Forgets the data on disk too: the next start is a Redis that lost everything. */
  wipe() {
    for (const name of readdirSync(this.dir)) rmSync(join(this.dir, name), { recursive: true, force: true });
  }

  async destroy() {
    await this.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function postgresBin(): string {
  const root = '/usr/lib/postgresql';
  const version = readdirSync(root)
    .filter((name) => existsSync(join(root, name, 'bin', 'pg_ctl')))
    .sort((a, b) => Number(b) - Number(a))[0];
  if (!version) throw new Error('no Postgres server binaries under /usr/lib/postgresql');
  return join(root, version, 'bin');
}

/** initdb refuses to run as root: then the cluster is made and run by the postgres user. */
function asClusterOwner(command: string, args: string[]) {
  const isRoot = process.getuid?.() === 0;
  return isRoot
    ? { command: 'runuser', args: ['-u', 'postgres', '--', command, ...args] }
    : { command, args };
}

/** A Postgres cluster in a temp directory; `restart` is a fast (immediate) stop and a start. */
export class PostgresCluster {
  private constructor(
    readonly port: number,
    private readonly dir: string,
    private readonly bin: string,
  ) {}

  static async create(): Promise<PostgresCluster> {
    const dir = mkdtempSync(join(tmpdir(), 'taskflow-faults-pg-'));
    chmodSync(dir, 0o777);
    const cluster = new PostgresCluster(await freePort(), join(dir, 'data'), postgresBin());
    cluster.run('initdb', ['-D', cluster.dir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
    await cluster.start();
    return cluster;
  }

  get url() {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  private run(tool: string, args: string[]) {
    const { command, args: argv } = asClusterOwner(join(this.bin, tool), args);
    execFileSync(command, argv, { stdio: 'pipe' });
  }

  async start() {
    const options = `-p ${this.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${join(this.dir, '..')} -c fsync=off -c max_connections=200`;
    this.run('pg_ctl', ['-D', this.dir, '-o', options, '-l', join(this.dir, '..', 'log'), '-w', 'start']);
    await until('postgres to answer', async () => {
      const client = new pg.Client({ connectionString: this.url });
      await client.connect();
      await client.end();
      return true;
    });
  }

  /** Immediate mode: connections are cut as in a crash (the server then recovers from WAL). */
  stop() {
    this.run('pg_ctl', ['-D', this.dir, '-m', 'immediate', '-w', 'stop']);
  }

  async destroy() {
    try {
      this.stop();
    } catch {
      // already stopped
    }
    rmSync(join(this.dir, '..'), { recursive: true, force: true });
  }
}
