import { useSyncExternalStore } from 'react';
import { createPortal } from 'react-dom';
import { createStore } from '../lib/storage';
import { Icon } from './icons';

export interface Toast {
  id: number;
  message: string;
  tone?: 'info' | 'success' | 'error';
  action?: { label: string; run: () => void };
}

const store = createStore<Toast[]>([]);
let nextId = 1;

export function toast(message: string, options: Omit<Toast, 'id' | 'message'> & { timeout?: number } = {}) {
  const id = nextId++;
  const { timeout = options.action ? 7_000 : 4_500, ...rest } = options;
  store.set([...store.get().slice(-3), { id, message, ...rest }]);
  setTimeout(() => dismiss(id), timeout);
  return id;
}

export function dismiss(id: number) {
  store.set(store.get().filter((t) => t.id !== id));
}

/** Live region for short confirmations ("Task deleted · Undo") and live notifications. */
export function Toaster() {
  const toasts = useSyncExternalStore(store.subscribe, store.get, store.get);
  return createPortal(
    <section className="toaster" aria-label="Messages" aria-live="polite" aria-relevant="additions">
      {toasts.map((t) => (
        <div
          key={t.id}
          className={`toast toast-${t.tone ?? 'info'}`}
          role={t.tone === 'error' ? 'alert' : 'status'}
        >
          <span className="toast-message">{t.message}</span>
          {t.action ? (
            <button
              type="button"
              className="toast-action"
              onClick={() => {
                t.action?.run();
                dismiss(t.id);
              }}
            >
              {t.action.label}
            </button>
          ) : null}
          <button
            type="button"
            className="icon-button icon-button-sm"
            aria-label="Dismiss"
            onClick={() => dismiss(t.id)}
          >
            <Icon name="x" size={14} />
          </button>
        </div>
      ))}
    </section>,
    document.body,
  );
}
