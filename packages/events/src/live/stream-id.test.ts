import { DomainError } from '@taskflow/common';
import { describe, expect, it } from 'vitest';
import { assertEventId, compareStreamIds, isStreamId, parseStreamId } from './stream-id.js';

describe('stream ids', () => {
  it('parses full ids, including the 64-bit maximum', () => {
    expect(parseStreamId('1718000000000-0')).toEqual([1718000000000n, 0n]);
    expect(parseStreamId('18446744073709551615-18446744073709551615')).toEqual([
      2n ** 64n - 1n,
      2n ** 64n - 1n,
    ]);
  });

  it.each([
    '',
    '1718000000000',
    '1-',
    '-1',
    '1-2-3',
    'a-1',
    ' 1-0',
    '(1-0',
    '18446744073709551616-0',
    '1-0\n',
  ])('rejects %j', (value) => {
    expect(parseStreamId(value)).toBeNull();
    expect(isStreamId(value)).toBe(false);
  });

  it('compares numerically, not as strings', () => {
    expect(compareStreamIds('9-0', '10-0')).toBe(-1);
    expect(compareStreamIds('10-2', '10-10')).toBe(-1);
    expect(compareStreamIds('10-10', '10-10')).toBe(0);
    expect(compareStreamIds('11-0', '10-99')).toBe(1);
    expect(() => compareStreamIds('x', '1-0')).toThrow(/not a stream id: x/);
  });

  it('turns a malformed since into BAD_USER_INPUT naming the field', () => {
    expect(() => assertEventId('1-0')).not.toThrow();
    const error = (() => {
      try {
        assertEventId('yesterday', 'since');
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'BAD_USER_INPUT', field: 'since' });
    expect((error as Error).message).toContain('"yesterday"');
  });
});
