import { createLogger } from '@taskflow/common';
import { buildTaskEvent } from '@taskflow/events/testing';
import { describe, expect, it, vi } from 'vitest';
import type { Completion, NextOccurrenceOutcome } from './domain/tasks/next-occurrence-service.js';
import { createCompletionHandler } from './recurrence-worker.js';

const owner = '00000000-0000-4000-8000-0000000000aa';
const delivery = {
  stream: 'taskflow:events:tasks',
  messageId: '1-0',
  group: 'recurrence-worker',
  consumer: 'test:0',
  log: createLogger('test', 'silent'),
};

describe('the completion handler', () => {
  it('leaves completions of tasks that did not repeat alone, without asking the service', async () => {
    const createNextOccurrence = vi.fn();
    const handler = createCompletionHandler({ createNextOccurrence });
    await handler(buildTaskEvent('TaskCompleted', owner, { task: { recurrence: null } }), delivery);
    expect(createNextOccurrence).not.toHaveBeenCalled();
  });

  it('continues a recurring one as its owner, under the completion correlation id', async () => {
    const outcome: NextOccurrenceOutcome = { outcome: 'exists', taskId: null };
    const createNextOccurrence = vi.fn(async (_completion: Completion) => outcome);
    const recorded: NextOccurrenceOutcome[] = [];
    const handler = createCompletionHandler({ createNextOccurrence }, (result) => recorded.push(result));
    const event = buildTaskEvent('TaskCompleted', owner, {
      task: { recurrence: { rule: 'FREQ=DAILY', timezone: 'UTC', basis: 'DUE_DATE' } },
      correlationId: 'completion-42',
    });
    await handler(event, delivery);
    expect(createNextOccurrence).toHaveBeenCalledWith({
      ownerId: owner,
      taskId: event.aggregateId,
      correlationId: 'completion-42',
    });
    expect(recorded).toEqual([outcome]);
  });

  it('lets a failure through, so the event stays unacknowledged and is retried', async () => {
    const handler = createCompletionHandler({
      createNextOccurrence: async () => {
        throw new Error('database away');
      },
    });
    const event = buildTaskEvent('TaskCompleted', owner, {
      task: { recurrence: { rule: 'FREQ=DAILY', timezone: 'UTC', basis: 'DUE_DATE' } },
    });
    await expect(handler(event, delivery)).rejects.toThrow('database away');
  });
});
