import { useSyncExternalStore } from 'react';
import { createStore } from './storage';

/**
 * Parts of the API that are landing while the web app ships. Each screen tries its real operation;
 * when the server answers GRAPHQL_VALIDATION_FAILED (or a subscription is refused) the feature is
 * marked unavailable and the screen shows a calm "not available yet" state. The verdict expires,
 * so a feature lights up within minutes of the server gaining it, without a reload.
 */
export type Feature =
  | 'notifications'
  | 'reminders'
  | 'history'
  | 'auditLog'
  | 'taskChanged'
  | 'notificationReceived';

export type Availability = 'unknown' | 'available' | 'unavailable';

const RECHECK_MS = 5 * 60_000;

const store = createStore<Record<Feature, { state: Availability; at: number }>>({
  notifications: { state: 'unknown', at: 0 },
  reminders: { state: 'unknown', at: 0 },
  history: { state: 'unknown', at: 0 },
  auditLog: { state: 'unknown', at: 0 },
  taskChanged: { state: 'unknown', at: 0 },
  notificationReceived: { state: 'unknown', at: 0 },
});

export const features = {
  get(feature: Feature): Availability {
    const entry = store.get()[feature];
    if (entry.state === 'unavailable' && Date.now() - entry.at > RECHECK_MS) return 'unknown';
    return entry.state;
  },
  mark(feature: Feature, state: Availability) {
    const current = store.get()[feature];
    if (current.state === state && state !== 'unavailable') return;
    store.set({ ...store.get(), [feature]: { state, at: Date.now() } });
  },
  reset() {
    const next = { ...store.get() };
    for (const key of Object.keys(next) as Feature[]) next[key] = { state: 'unknown', at: 0 };
    store.set(next);
  },
  subscribe: store.subscribe,
};

export function useFeature(feature: Feature): Availability {
  const snapshot = useSyncExternalStore(store.subscribe, store.get, store.get);
  const entry = snapshot[feature];
  if (entry.state === 'unavailable' && Date.now() - entry.at > RECHECK_MS) return 'unknown';
  return entry.state;
}
