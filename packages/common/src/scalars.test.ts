import { describe, expect, it } from 'vitest';
import { parseDateTime } from './scalars.js';

describe('DateTime', () => {
  it.each([
    ['2026-03-08T09:00:00.000Z', '2026-03-08T09:00:00.000Z'],
    ['2026-03-08T10:00:00+01:00', '2026-03-08T09:00:00.000Z'],
    ['2026-03-08T04:00-05:00', '2026-03-08T09:00:00.000Z'],
    ['2024-02-29T12:00:00Z', '2024-02-29T12:00:00.000Z'],
  ])('accepts %s', (input, iso) => {
    expect(parseDateTime(input).toISOString()).toBe(iso);
  });

  it.each([
    '2026-03-08',
    '2026-03-08T09:00:00',
    '2026-02-30T09:00:00Z',
    '2025-02-29T09:00:00Z',
    '2026-13-01T00:00:00Z',
    'tomorrow',
    '',
    '1741424400000',
  ])('refuses %s with BAD_USER_INPUT', (input) => {
    expect(() => parseDateTime(input)).toThrowError(
      expect.objectContaining({ extensions: { code: 'BAD_USER_INPUT' } }),
    );
  });

  it('refuses non-strings', () => {
    expect(() => parseDateTime(1741424400000)).toThrow();
  });
});
