import { describe, expect, it } from 'vitest';
import { isHistoryMissingAfter, parseChangeNotice } from './change-log.js';

describe('isHistoryMissingAfter', () => {
  const trimmed = {
    length: 60,
    entriesAdded: 260,
    firstEntryId: '100-0',
    maxDeletedEntryId: null,
    lastId: '200-0',
  };
  const untrimmed = { ...trimmed, entriesAdded: 60 };

  it('sees a gap when entries were removed and since is older than the first entry left', () => {
    expect(isHistoryMissingAfter('50-0', trimmed)).toBe(true);
    expect(isHistoryMissingAfter('0-0', trimmed)).toBe(true);
  });

  it('sees none when since is still in the log, up to its newest id', () => {
    expect(isHistoryMissingAfter('100-0', trimmed)).toBe(false);
    expect(isHistoryMissingAfter('150-3', trimmed)).toBe(false);
    expect(isHistoryMissingAfter('200-0', trimmed)).toBe(false);
  });

  it('sees none from the origin when nothing was ever removed', () => {
    expect(isHistoryMissingAfter('0-0', untrimmed)).toBe(false);
    expect(isHistoryMissingAfter('0-0', null)).toBe(false);
  });

  it('sees a gap when since is ahead of the newest id the log issued', () => {
    expect(isHistoryMissingAfter('200-1', trimmed)).toBe(true);
    expect(isHistoryMissingAfter('300-0', untrimmed)).toBe(true);
  });

  it('sees a gap when the log that issued since is gone (missing, or started again)', () => {
    expect(isHistoryMissingAfter('50-0', null)).toBe(true);
    // Restarted empty, then written again: since is older than anything this log ever held.
    expect(isHistoryMissingAfter('50-0', untrimmed)).toBe(true);
  });

  it('an emptied log is complete only for its newest id', () => {
    const emptied = { ...trimmed, length: 0, firstEntryId: null };
    expect(isHistoryMissingAfter('200-0', emptied)).toBe(false);
    expect(isHistoryMissingAfter('150-0', emptied)).toBe(true);
  });

  it('uses the deleted-entry watermark where Redis keeps one', () => {
    const state = {
      length: 5,
      entriesAdded: null,
      firstEntryId: '100-0',
      maxDeletedEntryId: '99-0',
      lastId: '104-0',
    };
    expect(isHistoryMissingAfter('98-0', state)).toBe(true);
    expect(isHistoryMissingAfter('100-0', state)).toBe(false);
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
