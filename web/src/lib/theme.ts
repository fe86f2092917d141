import { useSyncExternalStore } from 'react';
import { createStore, storage } from './storage';

export type ThemePreference = 'system' | 'light' | 'dark';
export type Theme = 'light' | 'dark';

const KEY = 'taskflow.theme';

const media = () =>
  typeof window !== 'undefined' && typeof window.matchMedia === 'function'
    ? window.matchMedia('(prefers-color-scheme: dark)')
    : null;

function readPreference(): ThemePreference {
  const stored = storage.get(KEY);
  return stored === 'light' || stored === 'dark' ? stored : 'system';
}

function resolve(preference: ThemePreference): Theme {
  if (preference !== 'system') return preference;
  return media()?.matches ? 'dark' : 'light';
}

const store = createStore({ preference: readPreference(), theme: resolve(readPreference()) });

function apply() {
  const { theme } = store.get();
  const root = document.documentElement;
  root.dataset.theme = theme;
  root.style.colorScheme = theme;
}

/** Applies the stored (or system) theme before the first render and follows system changes. */
export function initTheme() {
  apply();
  media()?.addEventListener('change', () => {
    const { preference } = store.get();
    if (preference === 'system') store.set({ preference, theme: resolve(preference) });
  });
  window.addEventListener('storage', (event) => {
    if (event.key === KEY) setThemePreference(readPreference());
  });
  store.subscribe(apply);
}

export function setThemePreference(preference: ThemePreference) {
  if (preference === 'system') storage.remove(KEY);
  else storage.set(KEY, preference);
  store.set({ preference, theme: resolve(preference) });
}

/** The header toggle: flips what is shown now and remembers it. */
export function toggleTheme() {
  setThemePreference(store.get().theme === 'dark' ? 'light' : 'dark');
}

export function useTheme() {
  return useSyncExternalStore(store.subscribe, store.get, store.get);
}
