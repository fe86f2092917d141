import { storage } from './storage';

const KEY = 'taskflow.draft';

/**
 * The one task being edited, kept in storage while the editor is open so that a reload or an
 * expired session does not lose it. It belongs to a user and a task (null = a new task).
 */
export interface Draft<T> {
  userId: string;
  taskId: string | null;
  values: T;
  savedAt: string;
}

export const drafts = {
  load<T>(userId: string, taskId: string | null): T | null {
    const draft = storage.getJson<Draft<T>>(KEY);
    if (!draft || draft.userId !== userId || draft.taskId !== taskId) return null;
    return draft.values;
  },
  /** Any draft of this user (to reopen the editor after signing in again). */
  pending(userId: string): { taskId: string | null } | null {
    const draft = storage.getJson<Draft<unknown>>(KEY);
    return draft && draft.userId === userId ? { taskId: draft.taskId } : null;
  },
  save<T>(userId: string, taskId: string | null, values: T) {
    storage.setJson(KEY, { userId, taskId, values, savedAt: new Date().toISOString() } satisfies Draft<T>);
  },
  clear() {
    storage.remove(KEY);
  },
};
