import { describe, expect, it } from 'vitest';
import {
  assertSchemaName,
  deadLetterStreamKey,
  eventStreamKey,
  outboxChannel,
  relaySentKey,
  userChangesKey,
  userChannel,
} from './keys.js';

describe('Redis names', () => {
  it('puts every key and channel under the prefix', () => {
    expect(eventStreamKey('taskflow:', 'tasks')).toBe('taskflow:events:tasks');
    expect(deadLetterStreamKey('taskflow:')).toBe('taskflow:events:dead');
    expect(userChangesKey('taskflow:', 'u1')).toBe('taskflow:user:u1:changes');
    expect(userChannel('taskflow:', 'u1')).toBe('taskflow:user:u1');
    expect(relaySentKey('taskflow:', 'e1')).toBe('taskflow:relay:sent:e1');
  });

  it('names the outbox channel after the schema and refuses names that would need quoting', () => {
    expect(outboxChannel('tasks')).toBe('outbox_tasks');
    expect(() => assertSchemaName('tasks_2')).not.toThrow();
    for (const bad of ['Tasks', 'tasks-x', '1tasks', 'a"b', '', 'x'.repeat(57)]) {
      expect(() => assertSchemaName(bad)).toThrow(/schema name/);
    }
  });
});
