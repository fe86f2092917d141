import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../..', import.meta.url));

/** A TCP port nothing listens on right now. */
export const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

export interface StoppedProcess {
  exitCode: number | null;
  /** From SIGTERM to exit. */
  stopMs: number;
  /** The process's log lines (pino JSON). */
  lines: { msg: string; service: string; level: string }[];
}

/**
 * Runs one service's entry file as production does (`node --import tsx`), waits until
 * `healthUrl(port)` answers, sends SIGTERM and reports how it stopped.
 */
export async function runUntilSigterm(
  entry: string,
  env: Record<string, string>,
  healthUrl: (port: number) => string = (port) => `http://127.0.0.1:${port}/health/live`,
): Promise<StoppedProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd: root,
    env: { ...process.env, PORT: String(port), WORKER_PORT: String(port), LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => {
    output += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${entry} exited early:\n${output}`);
    if (
      await fetch(healthUrl(port)).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${entry} did not come up`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const stoppingAt = Date.now();
  child.kill('SIGTERM');
  const exitCode = await exited;
  return {
    exitCode,
    stopMs: Date.now() - stoppingAt,
    lines: output
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line)),
  };
}
