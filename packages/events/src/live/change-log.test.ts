import { describe, expect, it } from 'vitest';
import { isTrimmedAfter, parseChangeNotice } from './change-log.js';

describe('isTrimmedAfter', () => {
  const trimmed = { length: 60, entriesAdded: 260, firstEntryId: '100-0', maxDeletedEntryId: null };

  it('sees a gap when entries were removed and since is older than the first entry left', () => {
    expect(isTrimmedAfter('50-0', trimmed)).toBe(true);
  });

  it('sees none when since is still in the log', () => {
    expect(isTrimmedAfter('100-0', trimmed)).toBe(false);
    expect(isTrimmedAfter('150-3', trimmed)).toBe(false);
  });

  it('sees none when nothing was ever removed, however old since is', () => {
    expect(isTrimmedAfter('0-0', { ...trimmed, entriesAdded: 60 })).toBe(false);
  });

  it('uses the deleted-entry watermark where Redis keeps one', () => {
    const state = { length: 5, entriesAdded: null, firstEntryId: '100-0', maxDeletedEntryId: '99-0' };
    expect(isTrimmedAfter('98-0', state)).toBe(true);
    expect(isTrimmedAfter('99-0', state)).toBe(false);
  });
});

describe('parseChangeNotice', () => {
  const notice = {
    envelopeId: '0b6a3c1e-2f7d-4c55-9a43-1f0e8d7c6b5a',
    type: 'TaskCreated',
    kind: 'CREATED',
    aggregateType: 'Task',
    aggregateId: 't1',
    ownerId: 'u1',
    correlationId: null,
    occurredAt: '2025-01-01T00:00:00.000Z',
  };

  it('takes the entry id as the eventId', () => {
    expect(parseChangeNotice('5-1', JSON.stringify(notice))).toEqual({ ...notice, eventId: '5-1' });
  });

  it('returns null for anything else', () => {
    expect(parseChangeNotice('5-1', undefined)).toBeNull();
    expect(parseChangeNotice('5-1', '{')).toBeNull();
    expect(parseChangeNotice('5-1', JSON.stringify({ ...notice, kind: 'EXPLODED' }))).toBeNull();
  });
});
