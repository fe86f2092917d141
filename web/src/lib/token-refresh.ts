import { useEffect } from 'react';
import { useClient } from 'urql';
import { RefreshTokenMutation } from '../features/auth/operations';
import { type Session, sessionStore } from './session';

const EARLY_MS = 2 * 60_000;
const RETRY_MS = 15_000;

/**
 * Renews the access token (15-minute lifetime) two minutes before it expires, or as soon as the
 * tab comes back to the foreground near expiry. Network trouble retries; a refused refresh ends
 * the session (drafts are kept).
 */
export function useTokenRefresh(session: Session) {
  const client = useClient();
  const { token, expiresAt } = session;
  // biome-ignore lint/correctness/useExhaustiveDependencies: a renewed token reschedules from its own expiry
  useEffect(() => {
    if (!expiresAt) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let cancelled = false;
    const expiry = Date.parse(expiresAt);

    const refresh = async () => {
      if (cancelled) return;
      if (Date.now() >= expiry) {
        sessionStore.end('Your session has expired. Sign in again to continue — your draft is kept.');
        return;
      }
      const result = await client
        .mutation(RefreshTokenMutation, {}, { requestPolicy: 'network-only' })
        .toPromise();
      if (cancelled) return;
      const payload = result.data?.refreshToken;
      if (payload) {
        sessionStore.renew(payload.token, payload.expiresAt);
      } else if (result.error?.networkError) {
        timer = setTimeout(refresh, RETRY_MS);
      } else if (result.error) {
        sessionStore.end();
      }
    };

    const schedule = () => {
      clearTimeout(timer);
      const lifetime = expiry - Date.now();
      const wait = Math.max(0, lifetime - Math.min(EARLY_MS, lifetime / 4));
      timer = setTimeout(refresh, wait);
    };
    const onVisible = () => {
      if (document.visibilityState === 'visible' && expiry - Date.now() < EARLY_MS) {
        clearTimeout(timer);
        void refresh();
      }
    };
    schedule();
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      cancelled = true;
      clearTimeout(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [client, token, expiresAt]);
}
