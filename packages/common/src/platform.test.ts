import { describe, expect, it } from 'vitest';
import { HalfConfiguredError, platformModeOf } from './platform.js';

const database = 'postgres://postgres@127.0.0.1:5432/postgres';
const redis = 'redis://127.0.0.1:6379';

describe('platformModeOf', () => {
  it('is embedded with neither DATABASE_URL nor REDIS_URL (empty counts as unset)', () => {
    expect(platformModeOf({})).toBe('embedded');
    expect(platformModeOf({ DATABASE_URL: '', REDIS_URL: '' })).toBe('embedded');
  });

  it('is services with both', () => {
    expect(platformModeOf({ DATABASE_URL: database, REDIS_URL: redis })).toBe('services');
  });

  it('refuses a half configuration, naming what is missing', () => {
    expect(() => platformModeOf({ DATABASE_URL: database })).toThrow(HalfConfiguredError);
    expect(() => platformModeOf({ DATABASE_URL: database })).toThrow(
      /DATABASE_URL is set but REDIS_URL is not/,
    );
    expect(() => platformModeOf({ REDIS_URL: redis })).toThrow(/REDIS_URL is set but DATABASE_URL is not/);
  });
});
