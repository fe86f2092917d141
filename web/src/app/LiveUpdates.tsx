import { useEffect, useState } from 'react';
import { type AnyVariables, type TypedDocumentNode, type UseSubscriptionArgs, useSubscription } from 'urql';
import { NotificationBell_NotificationFragment } from '../features/notifications/NotificationBell';
import { getFragmentData, graphql } from '../gql';
import type { NotificationReceivedSubscription as NotificationReceivedData } from '../gql/graphql';
import { toast } from '../ui/Toasts';

/**
 * Task changes for the cache (lib/cache.ts applies them); client.ts resumes it with `since`. The
 * task comes with the task list's own fragment, so the rows update in place.
 */
const TaskChangedSubscription = graphql(`
  subscription TaskChanged($since: ID) {
    taskChanged(since: $since) {
      __typename
      eventId
      kind
      taskId
      at
      task {
        __typename
        id
        # What the task list shows, plus the editor's fields (its next occurrences it asks for itself).
        ...TaskRow_TaskFragment
        seriesId
        recurrence {
          __typename
          timezone
          basis
        }
      }
    }
  }
`);

const NotificationReceivedSubscription = graphql(`
  subscription NotificationReceived {
    notificationReceived {
      __typename
      id
      ...NotificationBell_NotificationFragment
    }
  }
`);

/**
 * Keeps one subscription open. graphql-ws itself reconnects with backoff (and resumes
 * `taskChanged` with `since`); an error that ends the subscription retries it after 30 s.
 */
function Subscription<Data, Variables extends AnyVariables>({
  query,
  onData,
  onRetry,
}: {
  query: TypedDocumentNode<Data, Variables>;
  onData?: (data: Data) => void;
  onRetry: () => void;
}) {
  // Neither subscription has required variables (client.ts adds `since`).
  const [{ error }] = useSubscription<Data, Data, Variables>(
    { query } as UseSubscriptionArgs<Variables, Data>,
    (_previous, data) => {
      onData?.(data);
      return data;
    },
  );
  useEffect(() => {
    if (!error) return;
    const timer = setTimeout(onRetry, 30_000);
    return () => clearTimeout(timer);
  }, [error, onRetry]);
  return null;
}

function Live<Data, Variables extends AnyVariables>({
  query,
  onData,
}: {
  query: TypedDocumentNode<Data, Variables>;
  onData?: (data: Data) => void;
}) {
  const [attempt, setAttempt] = useState(0);
  return (
    <Subscription key={attempt} query={query} onData={onData} onRetry={() => setAttempt((a) => a + 1)} />
  );
}

const showNotification = (data: NotificationReceivedData) => {
  const notification = getFragmentData(NotificationBell_NotificationFragment, data.notificationReceived);
  toast(notification.message, { tone: 'info', timeout: 8_000 });
};

/** Live task changes (the cache applies them) and notification toasts. */
export function LiveUpdates() {
  return (
    <>
      <Live query={TaskChangedSubscription} />
      <Live query={NotificationReceivedSubscription} onData={showNotification} />
    </>
  );
}
