import type { ChangeNotice, ChangesSince } from '@taskflow/events';
import { describe, expect, it } from 'vitest';
import { type ChangeItem, ChangeStream } from './change-stream.js';

const notice = (eventId: string): ChangeNotice => ({
  eventId,
  envelopeId: `env-${eventId}`,
  type: 'TaskUpdated',
  kind: 'UPDATED',
  aggregateType: 'Task',
  aggregateId: 't1',
  ownerId: 'u1',
  correlationId: null,
  occurredAt: '2026-01-01T00:00:00.000Z',
});

/** An in-memory change log; `during` runs inside each read, before it answers (live notices racing it). */
function changeLog(ids: string[], options: { gap?: boolean; during?: (read: number) => void } = {}) {
  const log = [...ids];
  const reads: string[] = [];
  const read = async (since: string, limit: number): Promise<ChangesSince> => {
    reads.push(since);
    options.during?.(reads.length);
    const after = log.filter((id) => compare(id, since) > 0);
    return {
      entries: after.slice(0, limit).map(notice),
      hasGap: options.gap ?? false,
      hasMore: after.length > limit,
    };
  };
  return { log, reads, read };
}

const compare = (a: string, b: string) => {
  const [am, as] = a.split('-').map(BigInt);
  const [bm, bs] = b.split('-').map(BigInt);
  return am! === bm! ? Number(as! - bs!) : am! < bm! ? -1 : 1;
};

const ids = (items: ChangeItem[]) => items.map((item) => ('gap' in item ? 'gap' : item.notice.eventId));

async function take(stream: ChangeStream, count: number) {
  const items: ChangeItem[] = [];
  for (let index = 0; index < count; index++) {
    const result = await stream.next();
    if (result.done) break;
    items.push(result.value);
  }
  return items;
}

const make = (
  read: (since: string, limit: number) => Promise<ChangesSince>,
  since: string | null,
  capacity = 10,
  pageSize = 2,
) => {
  let overflowed = false;
  const stream = new ChangeStream({
    since,
    read,
    pageSize,
    capacity,
    onOverflow: () => {
      overflowed = true;
    },
  });
  return { stream, overflowed: () => overflowed };
};

describe('ChangeStream', () => {
  it('replays the log after since, page by page, then goes live', async () => {
    const log = changeLog(['1-0', '2-0', '3-0', '4-0', '5-0']);
    const { stream } = make(log.read, '2-0');
    expect(await stream.start()).toBe(true);
    expect(ids(await take(stream, 3))).toEqual(['3-0', '4-0', '5-0']);
    stream.push(notice('6-0'));
    expect(ids(await take(stream, 1))).toEqual(['6-0']);
    expect(log.reads).toEqual(['2-0', '4-0']);
  });

  it('reads the next page only when the reader asks (backpressure)', async () => {
    const log = changeLog(Array.from({ length: 1_000 }, (_, index) => `${index + 1}-0`));
    const { stream, overflowed } = make(log.read, '0-0', 5, 10);
    await stream.start();
    expect(log.reads).toHaveLength(1);
    const items = await take(stream, 1_000);
    expect(ids(items)).toEqual(log.log);
    expect(log.reads).toHaveLength(100);
    expect(overflowed()).toBe(false);
  });

  it('delivers notices that arrive before, during and after the replay once each, in order', async () => {
    let stream!: ChangeStream;
    const log = changeLog(['1-0', '2-0', '3-0'], {
      during: (read) => {
        if (read !== 2) return;
        // Published while the last page is read: in the log and as notices, some twice.
        log.log.push('4-0');
        stream.push(notice('3-0'));
        stream.push(notice('4-0'));
      },
    });
    ({ stream } = make(log.read, '0-0'));
    stream.push(notice('1-0'));
    await stream.start();
    stream.push(notice('2-0'));
    const replayed = await take(stream, 4);
    stream.push(notice('4-0'));
    stream.push(notice('5-0'));
    const live = await take(stream, 1);
    expect(ids([...replayed, ...live])).toEqual(['1-0', '2-0', '3-0', '4-0', '5-0']);
  });

  it('passes buffered notices newer than the log in eventId order, dropping older ones', async () => {
    let stream!: ChangeStream;
    const log = changeLog(['1-0'], {
      during: () => {
        stream.push(notice('3-0'));
        stream.push(notice('1-0'));
        stream.push(notice('2-0'));
      },
    });
    ({ stream } = make(log.read, '0-0'));
    await stream.start();
    expect(ids(await take(stream, 3))).toEqual(['1-0', '2-0', '3-0']);
  });

  it('with an empty log, goes live at once', async () => {
    const log = changeLog([]);
    const { stream } = make(log.read, '0-0');
    expect(await stream.start()).toBe(true);
    stream.push(notice('7-0'));
    stream.push(notice('7-0'));
    stream.push(notice('8-0'));
    expect(ids(await take(stream, 2))).toEqual(['7-0', '8-0']);
  });

  it('without since, delivers live notices only and never reads the log', async () => {
    const log = changeLog(['1-0']);
    const { stream } = make(log.read, null);
    expect(await stream.start()).toBe(true);
    stream.push(notice('2-0'));
    expect(ids(await take(stream, 1))).toEqual(['2-0']);
    expect(log.reads).toEqual([]);
  });

  it('re-reads the log when buffered notices overflow during the replay, losing none', async () => {
    let stream!: ChangeStream;
    const log = changeLog(['1-0'], {
      during: (read) => {
        if (read > 1) return;
        for (let index = 2; index <= 6; index++) {
          log.log.push(`${index}-0`);
          stream.push(notice(`${index}-0`));
        }
      },
    });
    const made = make(log.read, '0-0', 2, 100);
    stream = made.stream;
    const { overflowed } = made;
    await stream.start();
    expect(ids(await take(stream, 6))).toEqual(['1-0', '2-0', '3-0', '4-0', '5-0', '6-0']);
    // The notices dropped with the buffer are read from the log again before going live.
    log.log.push('7-0');
    expect(ids(await take(stream, 1))).toEqual(['7-0']);
    expect(log.reads).toEqual(['0-0', '6-0']);
    expect(overflowed()).toBe(false);
  });

  it('after resume, replays from the last eventId delivered', async () => {
    const log = changeLog(['1-0']);
    const { stream } = make(log.read, '0-0');
    await stream.start();
    expect(ids(await take(stream, 1))).toEqual(['1-0']);
    const waiting = stream.next();
    // Missed while the bus was away; then the bus is back.
    log.log.push('2-0', '3-0');
    stream.resume();
    expect((await waiting).value).toMatchObject({ notice: { eventId: '2-0' } });
    stream.push(notice('3-0'));
    stream.push(notice('4-0'));
    expect(ids(await take(stream, 2))).toEqual(['3-0', '4-0']);
    expect(log.reads).toEqual(['0-0', '1-0']);
  });

  it('says so when the log misses history after since', async () => {
    const { stream } = make(changeLog(['5-0'], { gap: true }).read, '1-0');
    expect(await stream.start()).toBe(false);
  });

  it('ends with a gap item when history goes missing during a replay', async () => {
    let gap = false;
    const log = changeLog(['1-0', '2-0', '3-0', '4-0']);
    const read = async (since: string, limit: number) => ({ ...(await log.read(since, limit)), hasGap: gap });
    const { stream } = make(read, '0-0');
    await stream.start();
    gap = true;
    expect(ids(await take(stream, 5))).toEqual(['1-0', '2-0', 'gap']);
    expect((await stream.next()).done).toBe(true);
  });

  it('ends a live reader that falls more than capacity behind', async () => {
    const { stream, overflowed } = make(changeLog([]).read, null, 2);
    stream.push(notice('1-0'));
    stream.push(notice('2-0'));
    stream.push(notice('3-0'));
    expect(overflowed()).toBe(true);
    expect((await stream.next()).done).toBe(true);
  });
});
