import { useId, useState } from 'react';
import { useQuery } from 'urql';
import { graphql } from '../../gql';
import { formatRelative } from '../../lib/datetime';
import { friendlyError } from '../../lib/errors';
import { Spinner } from '../../ui/States';
import { actionText, auditPage, changeLines } from '../activity/audit';

const TaskHistoryQuery = graphql(`
  query TaskHistory($id: ID!, $first: Int, $after: String) {
    task(id: $id) {
      __typename
      id
      history(first: $first, after: $after) {
        ...Audit_AuditPageFragment
      }
    }
  }
`);

/** The task's audit trail, loaded when opened. */
export function TaskHistory({ taskId }: { taskId: string }) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const [{ data, fetching, error }] = useQuery({
    query: TaskHistoryQuery,
    variables: { id: taskId, first: 50 },
    requestPolicy: 'cache-and-network',
    pause: !open,
  });
  const entries = data?.task ? auditPage(data.task.history).entries : [];

  return (
    <section className="editor-section">
      <h3 className="section-title">
        <button
          type="button"
          className="disclosure"
          aria-expanded={open}
          aria-controls={`${id}-body`}
          onClick={() => setOpen(!open)}
        >
          History
        </button>
      </h3>
      <div id={`${id}-body`} hidden={!open}>
        {error ? (
          <p className="field-error">{friendlyError(error)}</p>
        ) : !data && fetching ? (
          <Spinner label="Loading history" />
        ) : entries.length ? (
          <ol className="timeline">
            {entries.map((entry) => (
              <li key={entry.id} className="timeline-item">
                <p>
                  <strong>{entry.actor.name}</strong> {actionText(entry.action)}{' '}
                  <time className="muted" dateTime={entry.at}>
                    {formatRelative(entry.at)}
                  </time>
                </p>
                {changeLines(entry).map((line) => (
                  <p key={line} className="timeline-change">
                    {line}
                  </p>
                ))}
              </li>
            ))}
          </ol>
        ) : open && data ? (
          <p className="muted small">No history yet.</p>
        ) : null}
      </div>
    </section>
  );
}
