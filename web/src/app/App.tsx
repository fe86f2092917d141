import { lazy, Suspense, useEffect, useMemo } from 'react';
import { Provider, useQuery } from 'urql';
import { AuthPage } from '../features/auth/AuthPage';
import { MeQuery } from '../features/auth/operations';
import { TasksPage } from '../features/tasks/TasksPage';
import { createApiClient } from '../lib/client';
import { watchBrowserConnectivity } from '../lib/connection';
import { eventCursor } from '../lib/event-cursor';
import { type Route, useRoute } from '../lib/router';
import { type Session, sessionStore, TOKEN_KEY, useSession } from '../lib/session';
import { useTokenRefresh } from '../lib/token-refresh';
import { ErrorState, Spinner } from '../ui/States';
import { Toaster } from '../ui/Toasts';
import { ConnectionBanner } from './ConnectionBanner';
import { LiveUpdates } from './LiveUpdates';
import { Shell } from './Shell';

// Screens besides the task list load on first visit.
const TagsPage = lazy(() => import('../features/tags/TagsPage'));
const ApiKeysPage = lazy(() => import('../features/keys/ApiKeysPage'));
const ActivityPage = lazy(() => import('../features/activity/ActivityPage'));

function Page({ route, userId }: { route: Route; userId: string }) {
  switch (route.name) {
    case 'tags':
      return <TagsPage />;
    case 'keys':
      return <ApiKeysPage />;
    case 'activity':
      return <ActivityPage />;
    default:
      return <TasksPage userId={userId} />;
  }
}

function SignedIn({ session, route }: { session: Session; route: Route }) {
  useTokenRefresh(session);
  const [{ data, error }, refetch] = useQuery({ query: MeQuery, requestPolicy: 'network-only' });
  useEffect(() => {
    if (data?.me) sessionStore.setUser(data.me);
    else if (data && data.me === null) sessionStore.end();
  }, [data]);

  useEffect(() => {
    const title = { tasks: 'Tasks', tags: 'Tags', activity: 'Activity', keys: 'API keys' }[
      route.name as string
    ];
    document.title = title ? `${title} · TaskFlow` : 'TaskFlow';
  }, [route.name]);

  const user = session.user;
  if (!user) {
    return (
      <main className="splash">
        {error ? (
          <ErrorState
            message="Could not reach TaskFlow."
            onRetry={() => refetch({ requestPolicy: 'network-only' })}
          />
        ) : (
          <Spinner label="Loading your account" />
        )}
      </main>
    );
  }
  return (
    <Shell user={user} route={route.name}>
      <Suspense fallback={<Spinner label="Loading" />}>
        <Page route={route} userId={user.id} />
      </Suspense>
      <LiveUpdates />
    </Shell>
  );
}

export function App() {
  const { session, notice } = useSession();
  const route = useRoute();
  const generation = session?.generation ?? -1;

  useEffect(() => watchBrowserConnectivity(), []);
  useEffect(() => {
    const onStorage = (event: StorageEvent) => {
      if (event.key === TOKEN_KEY || event.key === null) sessionStore.syncFromStorage();
    };
    window.addEventListener('storage', onStorage);
    return () => window.removeEventListener('storage', onStorage);
  }, []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: one client (and cache) per session
  const api = useMemo(
    () => createApiClient({ getToken: sessionStore.token, onUnauthenticated: () => sessionStore.end() }),
    [generation],
  );
  useEffect(() => () => api.dispose(), [api]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset per session
  useEffect(() => {
    eventCursor.reset();
  }, [generation]);

  return (
    <Provider value={api.client}>
      {session ? (
        <SignedIn session={session} route={route} />
      ) : (
        <>
          <ConnectionBanner />
          <AuthPage key={route.name} mode={route.name === 'signup' ? 'signup' : 'signin'} notice={notice} />
        </>
      )}
      <Toaster />
    </Provider>
  );
}
