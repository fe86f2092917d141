import { useSyncExternalStore } from 'react';
import { createStore } from './storage';

/**
 * Whether we can reach the server. `lost` comes from a failed request, the browser going offline
 * or a live socket dropping; `restored` is shown for a few seconds once a probe gets through.
 */
export type ConnectionStatus = 'online' | 'lost' | 'restored';

const store = createStore<ConnectionStatus>('online');
const restoredListeners = new Set<() => void>();
let probeTimer: ReturnType<typeof setTimeout> | undefined;
let restoredTimer: ReturnType<typeof setTimeout> | undefined;
let probeDelay = 1_000;

const PROBE_URL = '/health/live';

async function probe() {
  probeTimer = undefined;
  if (store.get() !== 'lost') return;
  if (typeof navigator !== 'undefined' && navigator.onLine === false) {
    scheduleProbe();
    return;
  }
  try {
    const response = await fetch(PROBE_URL, { cache: 'no-store' });
    if (response.ok) {
      connection.markOk();
      return;
    }
  } catch {
    // still down
  }
  scheduleProbe();
}

function scheduleProbe() {
  if (probeTimer) return;
  probeTimer = setTimeout(probe, probeDelay);
  probeDelay = Math.min(probeDelay * 2, 15_000);
}

export const connection = {
  get: store.get,
  subscribe: store.subscribe,

  markLost() {
    clearTimeout(restoredTimer);
    if (store.get() !== 'lost') {
      store.set('lost');
      probeDelay = 1_000;
    }
    scheduleProbe();
  },

  markOk() {
    if (store.get() !== 'lost') return;
    clearTimeout(probeTimer);
    probeTimer = undefined;
    store.set('restored');
    for (const listener of [...restoredListeners]) listener();
    restoredTimer = setTimeout(() => {
      if (store.get() === 'restored') store.set('online');
    }, 4_000);
  },

  /** Called once the connection is back, e.g. to refetch what may have changed meanwhile. */
  onRestored(listener: () => void) {
    restoredListeners.add(listener);
    return () => {
      restoredListeners.delete(listener);
    };
  },
};

/** Browser online/offline events feed the same status. */
export function watchBrowserConnectivity() {
  const offline = () => connection.markLost();
  const online = () => {
    if (connection.get() === 'lost') {
      probeDelay = 0;
      clearTimeout(probeTimer);
      probeTimer = undefined;
      void probe();
    }
  };
  window.addEventListener('offline', offline);
  window.addEventListener('online', online);
  if (navigator.onLine === false) offline();
  return () => {
    window.removeEventListener('offline', offline);
    window.removeEventListener('online', online);
  };
}

export function useConnectionStatus() {
  return useSyncExternalStore(connection.subscribe, connection.get, connection.get);
}
