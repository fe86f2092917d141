import { useState } from 'react';
import { useQuery } from 'urql';
import { graphql } from '../../gql';
import { formatDateTime, formatRelative } from '../../lib/datetime';
import { friendlyError } from '../../lib/errors';
import { EmptyState, ErrorState, SkeletonRows, Spinner } from '../../ui/States';
import { actionText, auditPage, changeLines, entryTitle } from './audit';

const AuditLogQuery = graphql(`
  query AuditLog($first: Int, $after: String) {
    auditLog(first: $first, after: $after) {
      ...Audit_AuditPageFragment
    }
  }
`);

const PAGE = 30;

function ActivityPageOf({
  after,
  onMore,
  isLast,
}: {
  after: string | null;
  onMore: (cursor: string) => void;
  isLast: boolean;
}) {
  const [{ data, fetching, error }] = useQuery({
    query: AuditLogQuery,
    variables: { first: PAGE, after },
    requestPolicy: 'cache-and-network',
  });
  if (!data && fetching)
    return after === null ? <SkeletonRows count={5} /> : <Spinner label="Loading more" />;
  if (error && !data) return <ErrorState message={friendlyError(error)} />;
  if (!data) return null;
  const { entries, pageInfo } = auditPage(data.auditLog);
  if (after === null && entries.length === 0)
    return (
      <EmptyState icon="activity" title="No activity yet">
        Changes to your tasks and tags show up here.
      </EmptyState>
    );
  return (
    <>
      <ol className="timeline timeline-page" aria-label={after === null ? 'Activity' : undefined}>
        {entries.map((entry) => {
          const title = entryTitle(entry);
          return (
            <li key={entry.id} className="timeline-item">
              <p>
                <strong>{entry.actor.name}</strong>{' '}
                {actionText(entry.action).replace(/ the (task|tag)$/, title ? ' the $1' : ' a $1')}
                {title ? <> “{title}”</> : null}{' '}
                <time className="muted small" dateTime={entry.at} title={formatDateTime(entry.at)}>
                  {formatRelative(entry.at)}
                </time>
              </p>
              {changeLines(entry).map((line) => (
                <p key={line} className="timeline-change">
                  {line}
                </p>
              ))}
            </li>
          );
        })}
      </ol>
      {pageInfo.hasNextPage && pageInfo.endCursor && isLast ? (
        <button type="button" className="button button-ghost" onClick={() => onMore(pageInfo.endCursor!)}>
          Load more
        </button>
      ) : null}
    </>
  );
}

/** Everything that happened to the user's tasks and tags (the audit log), newest first. */
export default function ActivityPage() {
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  return (
    <div className="page">
      <header className="page-header">
        <div>
          <h1 className="page-title">Activity</h1>
          <p className="page-subtitle">Every change to your tasks and tags, newest first.</p>
        </div>
      </header>
      <section className="card">
        {cursors.map((after, i) => (
          <ActivityPageOf
            key={after ?? 'first'}
            after={after}
            isLast={i === cursors.length - 1}
            onMore={(cursor) => setCursors((c) => [...c, cursor])}
          />
        ))}
      </section>
    </div>
  );
}
