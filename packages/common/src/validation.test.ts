import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { correlationIdFrom } from './context.js';
import type { DomainError } from './errors.js';
import { isCleanText, parseInput, text } from './validation.js';

describe('text input', () => {
  const schema = z.object({ title: text({ min: 1, max: 5, label: 'Title' }) });

  it('counts length after trimming but keeps the value as given', () => {
    expect(parseInput(schema, { title: '  abc  ' })).toEqual({ title: '  abc  ' });
  });

  it.each([[''], ['   '], ['abcdef'], ['a\u0000b'], ['a\ud800']])('refuses %j naming the field', (title) => {
    expect(() => parseInput(schema, { title })).toThrowError(
      expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'title' }) as DomainError,
    );
  });

  it('knows clean text', () => {
    expect(isCleanText('emoji 🎉 and ünïcode')).toBe(true);
    expect(isCleanText('\udc00')).toBe(false);
  });
});

describe('correlation ids', () => {
  it('keeps sane ones and replaces the rest', () => {
    expect(correlationIdFrom('req-1.2:3')).toBe('req-1.2:3');
    expect(correlationIdFrom('has spaces')).toMatch(/^[0-9a-f-]{36}$/);
    expect(correlationIdFrom(undefined)).toMatch(/^[0-9a-f-]{36}$/);
    expect(correlationIdFrom(['first', 'second'])).toBe('first');
  });
});
