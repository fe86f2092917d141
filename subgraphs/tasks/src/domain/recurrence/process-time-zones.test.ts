import { execFile } from 'node:child_process';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const run = promisify(execFile);

// The first zone is the one the child process starts in; it then switches to each of the others.
// One child for all four keeps this test near a second: each start pays for loading the stack.
const ZONES = ['America/Los_Angeles', 'Europe/Berlin', 'Asia/Kolkata', 'UTC'];
const JANUARY_OFFSET_MINUTES = [480, -60, -330, 0];

/** True values, whatever the process time zone. */
const KNOWN_RESULTS = {
  rfcSecondToLastWeekday: [
    '1997-09-29T13:00:00.000Z',
    '1997-10-30T14:00:00.000Z',
    '1997-11-27T14:00:00.000Z',
    '1997-12-30T14:00:00.000Z',
  ],
  berlinMondaysAcrossSpring: [
    '2025-03-24T08:00:00.000Z',
    '2025-03-31T07:00:00.000Z',
    '2025-04-07T07:00:00.000Z',
  ],
  berlinGap: ['2025-03-29T01:30:00.000Z', '2025-03-30T01:30:00.000Z', '2025-03-31T00:30:00.000Z'],
  newYorkOverlap: ['2025-11-01T05:30:00.000Z', '2025-11-02T05:30:00.000Z', '2025-11-03T06:30:00.000Z'],
  kolkataMonthEnds: ['2024-01-30T20:30:00.000Z', '2024-02-28T20:30:00.000Z', '2024-03-30T20:30:00.000Z'],
  untilDateInBerlin: ['2025-01-01T22:30:00.000Z', '2025-01-02T22:30:00.000Z', '2025-01-03T22:30:00.000Z'],
  completionBasisAcrossDst: '2025-03-30T12:23:00.000Z',
  dueDateLateCompletion: '2025-03-13T13:00:00.000Z',
  untilText: 'every week on Monday until February 28, 2027',
  parsed: { rule: 'FREQ=DAILY', timezone: 'Asia/Kolkata', basis: 'DUE_DATE' },
};

it('computes the same known results under every process time zone', async () => {
  const probe = fileURLToPath(new URL('./process-time-zones.probe.ts', import.meta.url));
  const { stdout } = await run(process.execPath, ['--import', 'tsx', probe, ...ZONES], {
    cwd: dirname(probe),
    env: { ...process.env, TZ: ZONES[0] },
    timeout: 20_000,
  });
  const runs = JSON.parse(stdout) as { zone: string; januaryOffsetMinutes: number; results: unknown }[];

  expect(runs.map((r) => [r.zone, r.januaryOffsetMinutes])).toEqual(
    ZONES.map((zone, i) => [zone, JANUARY_OFFSET_MINUTES[i]]),
  );
  for (const { zone, results } of runs) expect(results, `process TZ=${zone}`).toEqual(KNOWN_RESULTS);
}, 30_000);
