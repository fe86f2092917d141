import { describe, expect, it, vi } from 'vitest';
import { emptyConnection, toConnection } from './connection.js';

describe('toConnection', () => {
  it('keeps `first` rows, says more follow when the extra row came, and ends at the last cursor', () => {
    const page = toConnection([1, 2, 3], 2, { cursorOf: (n) => `c${n}`, count: async () => 3 });
    expect(page.edges).toEqual([
      { cursor: 'c1', node: 1 },
      { cursor: 'c2', node: 2 },
    ]);
    expect(page.pageInfo).toEqual({ hasNextPage: true, endCursor: 'c2' });
  });

  it('has no next page and no end cursor when nothing is left', () => {
    const page = toConnection<number>([], 5, { cursorOf: String, count: async () => 0 });
    expect(page.pageInfo).toEqual({ hasNextPage: false, endCursor: null });
  });

  it('maps rows to nodes', () => {
    const page = toConnection([{ n: 1 }], 5, {
      cursorOf: (row) => String(row.n),
      nodeOf: (row) => row.n,
      count: async () => 1,
    });
    expect(page.edges).toEqual([{ cursor: '1', node: 1 }]);
  });

  it('counts only when asked, and once however often it is asked', async () => {
    const count = vi.fn(async () => 7);
    const page = toConnection([1], 0, { cursorOf: String, count });
    expect(count).not.toHaveBeenCalled();
    expect(page.edges).toEqual([]);
    expect(page.pageInfo.hasNextPage).toBe(true);
    expect(await Promise.all([page.totalCount(), page.totalCount()])).toEqual([7, 7]);
    expect(count).toHaveBeenCalledTimes(1);
  });

  it('makes an empty page that counts 0', async () => {
    const page = emptyConnection();
    expect(page.edges).toEqual([]);
    expect(await page.totalCount()).toBe(0);
  });
});
