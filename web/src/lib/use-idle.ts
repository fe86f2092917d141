import { useEffect, useState } from 'react';

/**
 * False until the browser has been idle once after mount (at most `timeoutMs`): for secondary
 * queries (notifications, tag names) that should not compete with the task list on first load.
 */
export function useIdle(timeoutMs = 1_500): boolean {
  const [idle, setIdle] = useState(false);
  useEffect(() => {
    if (typeof window.requestIdleCallback === 'function') {
      const handle = window.requestIdleCallback(() => setIdle(true), { timeout: timeoutMs });
      return () => window.cancelIdleCallback(handle);
    }
    const timer = setTimeout(() => setIdle(true), 300);
    return () => clearTimeout(timer);
  }, [timeoutMs]);
  return idle;
}
