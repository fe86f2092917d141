import { useEffect, useState } from 'react';
import { useSubscription } from 'urql';
import {
  NOTIFICATION_RECEIVED,
  type NotificationItem,
  TASK_CHANGED,
  type TaskChangeEvent,
} from '../features/upcoming';
import { type Feature, features, useFeature } from '../lib/features';
import { useNow } from '../lib/use-now';
import { toast } from '../ui/Toasts';

/**
 * Keeps one subscription open. A refusal from the server (the operation does not validate: the
 * feature has not landed) stops it quietly for a while; a transport error retries after 30 s
 * (graphql-ws itself already reconnects with backoff and resumes `taskChanged` with `since`).
 */
function Subscription<Data>({
  feature,
  query,
  onData,
  onRetry,
}: {
  feature: Feature;
  query: string;
  onData?: (data: Data) => void;
  onRetry: () => void;
}) {
  const [result] = useSubscription<Data>({ query }, (_previous, data) => {
    onData?.(data);
    return data;
  });
  const { data, error } = result;
  useEffect(() => {
    if (data) features.mark(feature, 'available');
  }, [data, feature]);
  useEffect(() => {
    if (!error) return;
    if (error.graphQLErrors.length > 0) {
      features.mark(feature, 'unavailable');
      return;
    }
    const timer = setTimeout(onRetry, 30_000);
    return () => clearTimeout(timer);
  }, [error, feature, onRetry]);
  return null;
}

function Live<Data>({
  feature,
  query,
  onData,
}: {
  feature: Feature;
  query: string;
  onData?: (data: Data) => void;
}) {
  const availability = useFeature(feature);
  const [attempt, setAttempt] = useState(0);
  useNow(5 * 60_000); // re-check a refused feature now and then
  if (availability === 'unavailable') return null;
  return (
    <Subscription<Data>
      key={attempt}
      feature={feature}
      query={query}
      onData={onData}
      onRetry={() => setAttempt((a) => a + 1)}
    />
  );
}

const showNotification = (data: { notificationReceived?: NotificationItem }) => {
  const notification = data.notificationReceived;
  if (notification) toast(notification.message, { tone: 'info', timeout: 8_000 });
};

/** Live task changes (the cache applies them) and notification toasts. */
export function LiveUpdates() {
  return (
    <>
      <Live<{ taskChanged: TaskChangeEvent }> feature="taskChanged" query={TASK_CHANGED} />
      <Live<{ notificationReceived: NotificationItem }>
        feature="notificationReceived"
        query={NOTIFICATION_RECEIVED}
        onData={showNotification}
      />
    </>
  );
}
