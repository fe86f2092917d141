import { CORRELATION_HEADER, IDENTITY_HEADER, type Logger } from '@taskflow/common';
import { Agent, request } from 'undici';
import type { TaskCopy } from './task-copy.model.js';

export interface CallerCredentials {
  identityToken: string;
  correlationId: string;
}

const LOOKUP = `query ($representations: [_Any!]!) {
  _entities(representations: $representations) {
    ... on Task { id title dueAt status deletedAt createdAt updatedAt previousOccurrenceId }
  }
}`;

interface TaskEntity {
  id: string;
  title: string;
  dueAt: string | null;
  status: 'OPEN' | 'COMPLETED';
  deletedAt: string | null;
  createdAt: string;
  updatedAt: string;
  previousOccurrenceId: string | null;
}

const toDate = (value: string | null) => (value === null ? null : new Date(value));

/**
 * Asks the tasks subgraph (the owner of tasks) about one task, through `_entities` with the caller's
 * own identity: another user's task, or none, comes back null. Used when a reminder is added, so it
 * is timed from the task as it is now, even before this subgraph has seen the task's events.
 */
export class TaskDirectory {
  private readonly agent = new Agent({ keepAliveTimeout: 30_000, connections: 32 });

  constructor(
    private readonly tasksUrl: string,
    private readonly log: Logger,
  ) {}

  async findOwned(caller: CallerCredentials, taskId: string): Promise<Omit<TaskCopy, 'ownerId'> | null> {
    const response = await request(this.tasksUrl, {
      method: 'POST',
      dispatcher: this.agent,
      headers: {
        'content-type': 'application/json',
        [IDENTITY_HEADER]: caller.identityToken,
        [CORRELATION_HEADER]: caller.correlationId,
      },
      body: JSON.stringify({
        query: LOOKUP,
        variables: { representations: [{ __typename: 'Task', id: taskId }] },
      }),
      headersTimeout: 5_000,
      bodyTimeout: 5_000,
    });
    const body = (await response.body.json()) as {
      data?: { _entities: (TaskEntity | null)[] };
      errors?: unknown[];
    };
    if (response.statusCode !== 200 || !body.data) {
      this.log.error({ status: response.statusCode, errors: body.errors }, 'task lookup failed');
      throw new Error('task lookup failed');
    }
    const task = body.data._entities[0];
    if (!task) return null;
    return {
      taskId: task.id,
      title: task.title,
      dueAt: toDate(task.dueAt),
      status: task.status,
      deletedAt: toDate(task.deletedAt),
      createdAt: new Date(task.createdAt),
      previousOccurrenceId: task.previousOccurrenceId ?? null,
      version: new Date(task.updatedAt),
    };
  }

  close() {
    return this.agent.close();
  }
}
