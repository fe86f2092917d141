import { mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Thrown when another live process holds the data directory. */
export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
    readonly lockFile: string,
  ) {
    super(
      `TaskFlow is already running on ${dataDir} (pid ${pid}). PGlite allows one process per data ` +
        `directory: stop that process first, or set TASKFLOW_DATA_DIR to another directory. ` +
        `If no such process exists, delete ${lockFile}.`,
    );
    this.name = 'DataDirLockedError';
  }
}

export interface DataDirLock {
  readonly lockFile: string;
  /** Removes the lock file if it is still ours. */
  release(): Promise<void>;
}

const lockFileName = 'taskflow.pid';

/** Whether a process with this pid exists (EPERM: it exists but belongs to another user). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readPid(lockFile: string): Promise<number | null> {
  try {
    const pid = Number.parseInt((await readFile(lockFile, 'utf8')).trim(), 10);
    return Number.isSafeInteger(pid) && pid > 0 ? pid : null;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/**
 * Takes `<dataDir>/taskflow.pid` for this process: created exclusively; if it exists and names a live
 * process (this one included: one open per directory), refuses with `DataDirLockedError`; if the
 * process it names is gone (killed, crashed), the stale lock is taken over.
 */
export async function lockDataDir(dataDir: string): Promise<DataDirLock> {
  await mkdir(dataDir, { recursive: true });
  const lockFile = join(dataDir, lockFileName);
  const own = String(process.pid);
  for (let attempt = 0; attempt < 5; attempt += 1) {
    try {
      await writeFile(lockFile, `${own}\n`, { flag: 'wx' });
      return {
        lockFile,
        release: async () => {
          if ((await readPid(lockFile)) === process.pid) await unlink(lockFile).catch(() => undefined);
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = await readPid(lockFile);
    if (holder !== null && isProcessAlive(holder)) throw new DataDirLockedError(dataDir, holder, lockFile);
    // Stale (or unreadable): move it aside atomically, so of two processes taking it over at once
    // only one removes it, then compete for the exclusive create again.
    await rename(lockFile, `${lockFile}.stale-${own}`)
      .then(() => unlink(`${lockFile}.stale-${own}`))
      .catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error;
      });
  }
  throw new Error(`could not lock ${dataDir}: ${lockFile} keeps reappearing`);
}
