import { useSyncExternalStore } from 'react';

/**
 * Hash routing (`#/tasks?status=OPEN`): every screen works from `/`, so the gateway needs no
 * fallback routes, and reloads and shared links keep the screen and its filters.
 */
export type RouteName = 'tasks' | 'tags' | 'activity' | 'keys' | 'signin' | 'signup';

export interface Route {
  name: RouteName;
  params: URLSearchParams;
}

const names: RouteName[] = ['tasks', 'tags', 'activity', 'keys', 'signin', 'signup'];

export function parseHash(hash: string): Route {
  const body = hash.replace(/^#\/?/, '');
  const [path = '', query = ''] = body.split('?');
  const name = (names as string[]).includes(path) ? (path as RouteName) : 'tasks';
  return { name, params: new URLSearchParams(query) };
}

export function hrefFor(name: RouteName, params?: URLSearchParams | Record<string, string>): string {
  const query = params ? new URLSearchParams(params).toString() : '';
  return `#/${name}${query ? `?${query}` : ''}`;
}

export function navigate(
  name: RouteName,
  params?: URLSearchParams | Record<string, string>,
  replace = false,
) {
  const href = hrefFor(name, params);
  if (replace) window.history.replaceState(null, '', href);
  else window.history.pushState(null, '', href);
  notify();
}

const listeners = new Set<() => void>();
let cached: { hash: string; route: Route } | null = null;

function notify() {
  for (const listener of [...listeners]) listener();
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  if (listeners.size === 1) {
    window.addEventListener('hashchange', notify);
    window.addEventListener('popstate', notify);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) {
      window.removeEventListener('hashchange', notify);
      window.removeEventListener('popstate', notify);
    }
  };
}

function snapshot(): Route {
  const hash = window.location.hash;
  if (!cached || cached.hash !== hash) cached = { hash, route: parseHash(hash) };
  return cached.route;
}

export function useRoute(): Route {
  return useSyncExternalStore(subscribe, snapshot, snapshot);
}
