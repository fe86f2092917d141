import { useEffect, useMemo, useRef, useState } from 'react';
import { useQuery } from 'urql';
import { connection } from '../../lib/connection';
import { friendlyError } from '../../lib/errors';
import { onRefreshTaskLists } from '../../lib/task-list-events';
import { useNow } from '../../lib/use-now';
import { ErrorState, SkeletonRows, Spinner } from '../../ui/States';
import type { TaskListVariables } from './filters';
import { TaskListQuery } from './operations';
import { TaskRow, type TaskRowActions } from './TaskRow';

export const PAGE_SIZE = 50;

/** Loads the next page when the end of the list scrolls into view (and on click). */
function LoadMore({ onLoadMore }: { onLoadMore: () => void }) {
  const ref = useRef<HTMLButtonElement>(null);
  const latest = useRef(onLoadMore);
  latest.current = onLoadMore;
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) latest.current();
      },
      { rootMargin: '400px 0px' },
    );
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return (
    <li className="load-more">
      <button ref={ref} type="button" className="button button-ghost" onClick={() => latest.current()}>
        Load more tasks
      </button>
    </li>
  );
}

interface PageProps {
  variables: TaskListVariables;
  after: string | null;
  index: number;
  pages: number;
  onLoadMore: () => void;
  actions: TaskRowActions;
  now: Date;
  emptyState: React.ReactNode;
}

/**
 * One page of the list; it renders the page after it once asked, with its own `endCursor` as
 * `after`, so when a page's content changes the pages below follow.
 */
function TaskPage({ variables, after, index, pages, onLoadMore, actions, now, emptyState }: PageProps) {
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: TaskListQuery,
    variables: { ...variables, first: PAGE_SIZE, after },
    requestPolicy: 'cache-and-network',
  });
  useEffect(() => {
    const refetch = () => reexecute({ requestPolicy: 'network-only' });
    const offRefresh = onRefreshTaskLists(refetch);
    const offRestored = index === 0 ? connection.onRestored(refetch) : () => undefined;
    return () => {
      offRefresh();
      offRestored();
    };
  }, [reexecute, index]);

  const connectionData = data?.tasks;
  const rows = connectionData?.edges.map((edge) => (
    <TaskRow key={edge.node.id} task={edge.node} actions={actions} now={now} />
  ));
  const hasNext = connectionData?.pageInfo.hasNextPage && connectionData.pageInfo.endCursor;
  const next = hasNext ? (
    index + 1 < pages ? (
      <TaskPage
        variables={variables}
        after={connectionData.pageInfo.endCursor!}
        index={index + 1}
        pages={pages}
        onLoadMore={onLoadMore}
        actions={actions}
        now={now}
        emptyState={emptyState}
      />
    ) : (
      <LoadMore onLoadMore={onLoadMore} />
    )
  ) : null;

  if (index > 0) {
    if (!data && fetching)
      return (
        <li className="load-more">
          <Spinner label="Loading more tasks" />
        </li>
      );
    if (error && !data)
      return (
        <li className="load-more">
          <ErrorState
            message={friendlyError(error)}
            onRetry={() => reexecute({ requestPolicy: 'network-only' })}
          />
        </li>
      );
    return (
      <>
        {rows}
        {next}
      </>
    );
  }

  if (!connectionData) {
    if (error)
      return (
        <ErrorState
          message={friendlyError(error)}
          onRetry={() => reexecute({ requestPolicy: 'network-only' })}
        />
      );
    return <SkeletonRows count={6} />;
  }
  const total = connectionData.totalCount;
  return (
    <>
      <p className="list-summary" aria-live="polite">
        {total === 1 ? '1 task' : `${total.toLocaleString()} tasks`}
        {fetching ? <Spinner label="Updating" /> : null}
      </p>
      {error ? (
        <ErrorState
          message={friendlyError(error)}
          onRetry={() => reexecute({ requestPolicy: 'network-only' })}
        />
      ) : null}
      {total === 0 && connectionData.edges.length === 0 ? (
        emptyState
      ) : (
        <ul className="task-list" aria-label="Tasks" aria-busy={fetching}>
          {rows}
          {next}
        </ul>
      )}
    </>
  );
}

/** The task list with cursor paging: 50 at a time, more as you scroll. */
export function TaskList({
  variables,
  actions,
  emptyState,
}: {
  variables: TaskListVariables;
  actions: TaskRowActions;
  emptyState: React.ReactNode;
}) {
  const [pages, setPages] = useState(1);
  const key = useMemo(() => JSON.stringify(variables), [variables]);
  const [forKey, setForKey] = useState(key);
  if (forKey !== key) {
    setForKey(key);
    setPages(1);
  }
  const now = useNow();
  const onLoadMore = useMemo(() => () => setPages((p) => p + 1), []);
  return (
    <TaskPage
      variables={variables}
      after={null}
      index={0}
      pages={pages}
      onLoadMore={onLoadMore}
      actions={actions}
      now={now}
      emptyState={emptyState}
    />
  );
}
