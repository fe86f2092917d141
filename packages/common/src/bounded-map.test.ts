import { describe, expect, it } from 'vitest';
import { BoundedMap } from './bounded-map.js';

describe('BoundedMap', () => {
  it('keeps the most recently set entries up to its limit', () => {
    const map = new BoundedMap<string, number>(2);
    map.set('a', 1).set('b', 2);
    map.set('a', 3); // a is the newest now
    map.set('c', 4);
    expect([...map]).toEqual([
      ['a', 3],
      ['c', 4],
    ]);
  });

  it('never holds more than its limit, however many keys come', () => {
    const map = new BoundedMap<number, number>(100);
    for (let key = 0; key < 10_000; key++) map.set(key, key);
    expect(map.size).toBe(100);
    expect(map.has(9_999)).toBe(true);
    expect(map.has(0)).toBe(false);
  });
});
