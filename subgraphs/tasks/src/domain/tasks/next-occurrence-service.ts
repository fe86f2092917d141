import { DomainError, isUuid } from '@taskflow/common';
import { type NoNextOccurrence, nextOccurrenceOf, planNextOccurrence } from './next-occurrence.js';
import { newTask, type Task } from './task.js';
import { taskEvent } from './task-events.js';
import type { TaskUnitOfWork } from './task-service.js';

/** A completion the recurrence worker continues (from a TaskCompleted event). */
export interface Completion {
  ownerId: string;
  taskId: string;
  correlationId: string | null;
}

export type NextOccurrenceOutcome =
  | { outcome: 'created'; task: Task }
  /** Made before (a redelivery, a duplicate, a re-completion, another replica); null id: lost a race. */
  | { outcome: 'exists'; taskId: string | null }
  | { outcome: 'none'; reason: NoNextOccurrence | 'not-found' };

/**
 * "Make the next occurrence": the recurrence worker's one call. Creates the next occurrence exactly
 * like `TaskService.create` does (row and TaskCreated event in one statement; the event's snapshot
 * carries `previousOccurrenceId`), as its owner, under the completion's correlation id. The
 * completed task is read as it is now, locked, so a concurrent reopen, edit or second delivery
 * waits for this to commit. Exactly once: the unique key on `previous_occurrence_id` makes every
 * later attempt for the same completed task an `exists`.
 */
export class NextOccurrenceService {
  constructor(private readonly deps: { work: TaskUnitOfWork; now?: () => Date }) {}

  async createNextOccurrence(completion: Completion): Promise<NextOccurrenceOutcome> {
    const { ownerId, taskId, correlationId } = completion;
    if (!isUuid(ownerId) || !isUuid(taskId)) return { outcome: 'none', reason: 'not-found' };
    try {
      return await this.deps.work.transaction(ownerId, async (tasks): Promise<NextOccurrenceOutcome> => {
        const previous = await tasks.find(taskId, { forUpdate: true });
        if (!previous) return { outcome: 'none', reason: 'not-found' };
        const existingId = await tasks.findNextOccurrenceId(previous.id);
        if (existingId) return { outcome: 'exists', taskId: existingId };
        const plan = planNextOccurrence(previous);
        if ('none' in plan) return { outcome: 'none', reason: plan.none };
        const task = newTask(nextOccurrenceOf(previous, plan.dueAt), this.deps.now?.() ?? new Date());
        await tasks.insert(task, [taskEvent('TaskCreated', task, correlationId)]);
        return { outcome: 'created', task };
      });
    } catch (error) {
      // The unique key caught what the check above could not see (a concurrent insert).
      if (error instanceof DomainError && error.code === 'CONFLICT')
        return { outcome: 'exists', taskId: null };
      throw error;
    }
  }
}
