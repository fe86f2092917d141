import { useSyncExternalStore } from 'react';
import { createStore, storage } from './storage';

/** The key GraphiQL also reads, so the explorer is signed in as the web app's user. */
export const TOKEN_KEY = 'taskflow.token';
const EXPIRES_KEY = 'taskflow.tokenExpiresAt';
const USER_KEY = 'taskflow.user';
const LAST_EMAIL_KEY = 'taskflow.lastEmail';

export interface SessionUser {
  id: string;
  email: string;
  name: string;
}

export interface Session {
  token: string;
  /** ISO instant the token stops working, when known. */
  expiresAt: string | null;
  /** Null until `me` has answered (e.g. a token put in storage by another tool). */
  user: SessionUser | null;
  /** Changes on every sign-in: a new cache and a new socket per session. */
  generation: number;
}

export interface SessionState {
  session: Session | null;
  /** Why the user is looking at the sign-in screen, when it was not their choice. */
  notice: string | null;
}

let generation = 0;

/** Reads `exp` from a JWT without verifying it; the server does that. */
export function jwtExpiry(token: string): string | null {
  const part = token.split('.')[1];
  if (!part) return null;
  try {
    const json = JSON.parse(atob(part.replace(/-/g, '+').replace(/_/g, '/'))) as { exp?: unknown };
    return typeof json.exp === 'number' ? new Date(json.exp * 1000).toISOString() : null;
  } catch {
    return null;
  }
}

function load(): SessionState {
  const token = storage.get(TOKEN_KEY);
  if (!token) return { session: null, notice: null };
  const expiresAt = storage.get(EXPIRES_KEY) ?? jwtExpiry(token);
  if (expiresAt && Date.parse(expiresAt) <= Date.now()) {
    clearToken();
    return { session: null, notice: 'Your session has expired. Sign in again to continue.' };
  }
  return {
    session: { token, expiresAt, user: storage.getJson<SessionUser>(USER_KEY), generation: ++generation },
    notice: null,
  };
}

function clearToken() {
  storage.remove(TOKEN_KEY);
  storage.remove(EXPIRES_KEY);
  storage.remove(USER_KEY);
}

const store = createStore<SessionState>(load());

export const sessionStore = {
  get: store.get,
  subscribe: store.subscribe,
  token: () => store.get().session?.token ?? null,

  /** After signUp/signIn: a fresh session. */
  start(payload: { token: string; expiresAt?: string | null; user: SessionUser }) {
    const expiresAt = payload.expiresAt ?? jwtExpiry(payload.token);
    storage.set(TOKEN_KEY, payload.token);
    if (expiresAt) storage.set(EXPIRES_KEY, expiresAt);
    storage.setJson(USER_KEY, payload.user);
    storage.set(LAST_EMAIL_KEY, payload.user.email);
    store.set({
      session: { token: payload.token, expiresAt, user: payload.user, generation: ++generation },
      notice: null,
    });
  },

  /** After refreshToken: same session, new token. */
  renew(token: string, expiresAt: string | null) {
    const current = store.get().session;
    if (!current) return;
    const expiry = expiresAt ?? jwtExpiry(token);
    storage.set(TOKEN_KEY, token);
    if (expiry) storage.set(EXPIRES_KEY, expiry);
    store.set({ session: { ...current, token, expiresAt: expiry }, notice: null });
  },

  setUser(user: SessionUser) {
    const current = store.get().session;
    if (!current) return;
    if (current.user && current.user.id === user.id && current.user.name === user.name) return;
    storage.setJson(USER_KEY, user);
    storage.set(LAST_EMAIL_KEY, user.email);
    store.set({ session: { ...current, user }, notice: store.get().notice });
  },

  /**
   * The server no longer accepts the token (expired, revoked, signed out elsewhere). Drafts stay in
   * storage, so signing in again brings the user back to what they were typing.
   */
  end(notice = 'Your session has ended. Sign in again to continue — your draft is kept.') {
    if (!store.get().session) return;
    clearToken();
    store.set({ session: null, notice });
  },

  /** The user chose to sign out. */
  signOut() {
    clearToken();
    store.set({ session: null, notice: null });
  },

  lastEmail: () => storage.get(LAST_EMAIL_KEY) ?? '',

  /** Another tab signed in, refreshed or signed out. */
  syncFromStorage() {
    const token = storage.get(TOKEN_KEY);
    const current = store.get().session;
    if (!token) {
      if (current) store.set({ session: null, notice: 'You signed out in another tab.' });
      return;
    }
    if (current?.token === token) return;
    const user = storage.getJson<SessionUser>(USER_KEY);
    const expiresAt = storage.get(EXPIRES_KEY) ?? jwtExpiry(token);
    if (current && user && current.user?.id === user.id) {
      store.set({ session: { ...current, token, expiresAt }, notice: null });
    } else {
      store.set({ session: { token, expiresAt, user, generation: ++generation }, notice: null });
    }
  },
};

export function useSession(): SessionState {
  return useSyncExternalStore(sessionStore.subscribe, sessionStore.get, sessionStore.get);
}
