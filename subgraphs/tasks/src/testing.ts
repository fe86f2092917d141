/** What other packages' tests start of the tasks subgraph (the notifications harness runs the real one). */
export { startTasks } from './app.js';
export { loadTasksEnv } from './env.js';
export { type RunningRecurrenceWorker, startRecurrenceWorker } from './recurrence-worker.js';
