import { createLogger } from '@taskflow/common';
import { describe, expect, it, vi } from 'vitest';
import { OutageTracker } from './outage-tracker.js';

describe('OutageTracker', () => {
  it('logs once when an outage starts and once when it ends', () => {
    const log = createLogger('test', 'silent');
    const warn = vi.spyOn(log, 'warn');
    const info = vi.spyOn(log, 'info');
    const tracker = new OutageTracker(log, 'relay', 100, 1_000);

    expect(tracker.recordSuccess()).toBe(false);
    for (let attempt = 0; attempt < 20; attempt++) {
      const delay = tracker.recordFailure(new Error('ECONNREFUSED'));
      expect(delay).toBeGreaterThanOrEqual(10);
      expect(delay).toBeLessThanOrEqual(1_000);
    }
    expect(tracker.isDown).toBe(true);
    expect(tracker.recordSuccess()).toBe(true);
    expect(tracker.isDown).toBe(false);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(info).toHaveBeenCalledTimes(1);
    expect(info.mock.calls[0]![0]).toMatchObject({ failures: 20 });
  });
});
