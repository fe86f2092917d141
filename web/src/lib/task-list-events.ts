/** Asks every visible task list to refetch from the server (connection back, recurring task done). */
const listeners = new Set<() => void>();

export function refreshTaskLists() {
  for (const listener of [...listeners]) listener();
}

export function onRefreshTaskLists(listener: () => void) {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}
