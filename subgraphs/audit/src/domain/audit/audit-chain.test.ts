import { describe, expect, it } from 'vitest';
import { type ChainedFields, ChainVerifier, canonicalJson, hashEntry } from './audit-chain.js';

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: null, y: 'x' }], c: undefined } })).toBe(
      '{"a":{"d":[2,{"y":"x","z":null}]},"b":1}',
    );
  });

  it('gives one text whatever order the keys were built in', () => {
    expect(canonicalJson({ title: { from: 'a', to: 'b' }, dueAt: null })).toBe(
      canonicalJson({ dueAt: null, title: { to: 'b', from: 'a' } }),
    );
  });

  it('encodes dates as ISO instants and refuses what JSON cannot hold', () => {
    expect(canonicalJson(new Date('2026-03-08T09:00:00Z'))).toBe('"2026-03-08T09:00:00.000Z"');
    expect(() => canonicalJson(Number.NaN)).toThrow();
    expect(() => canonicalJson(() => 1)).toThrow();
  });
});

const entry = (overrides: Partial<ChainedFields> = {}): ChainedFields => ({
  id: '00000000-0000-4000-8000-000000000001',
  ownerId: '00000000-0000-4000-8000-0000000000aa',
  sequence: 1,
  eventId: '00000000-0000-4000-8000-0000000000e1',
  actorId: '00000000-0000-4000-8000-0000000000aa',
  at: new Date('2026-03-08T09:00:00.000Z'),
  action: 'TASK_CREATED',
  entityType: 'Task',
  entityId: 't1',
  changes: { title: 'a' },
  correlationId: 'req-1',
  prevHash: null,
  ...overrides,
});

describe('hashEntry', () => {
  it('is SHA-256 hex and changes with any field', () => {
    const hash = hashEntry(entry());
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hashEntry(entry())).toBe(hash);
    for (const change of [
      { changes: { title: 'b' } },
      { at: new Date('2026-03-08T09:00:00.001Z') },
      { sequence: 2 },
      { prevHash: 'a'.repeat(64) },
      { correlationId: null },
    ]) {
      expect(hashEntry(entry(change))).not.toBe(hash);
    }
  });
});

describe('ChainVerifier', () => {
  const chain = () => {
    const first = entry();
    const firstHash = hashEntry(first);
    const second = entry({ id: 'e2', sequence: 2, eventId: 'ev2', prevHash: firstHash });
    return [
      { ...first, hash: firstHash },
      { ...second, hash: hashEntry(second) },
    ];
  };

  it('accepts a linked chain and names the first entry that breaks it', () => {
    const intact = new ChainVerifier();
    expect(chain().every((item) => intact.check(item))).toBe(true);

    const [first, second] = chain();
    const swapped = new ChainVerifier();
    expect(swapped.check(second!)).toBe(false);
    expect(swapped.firstInvalidEntryId).toBe('e2');

    const edited = new ChainVerifier();
    edited.check({ ...first!, changes: { title: 'forged' } });
    expect(edited.firstInvalidEntryId).toBe(first!.id);
  });
});
