import type { BaseContext, Caller } from '@taskflow/common';
import type DataLoader from 'dataloader';
import type { Task } from './domain/tasks/task.js';
import type { TaskService } from './domain/tasks/task-service.js';

export interface Context extends BaseContext {
  tasks: TaskService;
  caller: Caller;
  /** Per request: the caller's tasks by id (federation references), in one query per batch. */
  taskById: DataLoader<string, Task | null>;
  /** Per request: how many of the caller's tasks carry each tag, in one query per batch. */
  tagTaskCount: DataLoader<string, number>;
}
