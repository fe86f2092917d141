import { parseEnv } from '@taskflow/common';
import { describe, expect, it } from 'vitest';
import { consumerSettingsFrom, eventsEnvShape, publishLimitsFrom, relaySettingsFrom } from './settings.js';

describe('events settings', () => {
  it('has defaults for everything', () => {
    const env = parseEnv(eventsEnvShape, {});
    expect(relaySettingsFrom(env)).toMatchObject({
      pollIntervalMs: 1_000,
      batchSize: 100,
      retentionMs: 604_800_000,
    });
    expect(publishLimitsFrom(env)).toEqual({
      dedupeTtlSeconds: 86_400,
      streamMaxLen: 1_000_000,
      changeLogMaxLen: 1_000,
      changeLogTtlSeconds: 2_592_000,
    });
    expect(consumerSettingsFrom(env)).toMatchObject({ maxAttempts: 5, claimIdleMs: 60_000 });
    expect(consumerSettingsFrom(env).consumer).toContain(String(process.pid));
  });

  it('reads strings from the environment', () => {
    const env = parseEnv(eventsEnvShape, {
      EVENTS_CONSUMER_NAME: 'worker-0',
      EVENTS_CHANGE_LOG_TTL_DAYS: '0',
    });
    expect(consumerSettingsFrom(env).consumer).toBe('worker-0');
    expect(publishLimitsFrom(env).changeLogTtlSeconds).toBe(0);
    expect(() => parseEnv(eventsEnvShape, { EVENTS_RELAY_BATCH_SIZE: '0' })).toThrow();
  });
});
