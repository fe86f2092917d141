import { useId, useState } from 'react';
import { formatRelative } from '../../lib/datetime';
import { friendlyError } from '../../lib/errors';
import { useUpcomingQuery } from '../../lib/upcoming-query';
import { ComingSoon, Spinner } from '../../ui/States';
import { actionText, changeLines } from '../activity/audit';
import { TASK_HISTORY, type TaskHistoryData } from '../upcoming';

/** The task's audit trail, loaded when opened; lights up once the server has `Task.history`. */
export function TaskHistory({ taskId }: { taskId: string }) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const { data, fetching, unavailable, error } = useUpcomingQuery<TaskHistoryData>('history', {
    query: TASK_HISTORY,
    variables: { id: taskId, first: 50 },
    pause: !open,
  });
  const entries = data?.task?.history.edges.map((e) => e.node) ?? [];

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
        {unavailable ? (
          <ComingSoon title="History">
            Every change to this task will be listed here once the server records them.
          </ComingSoon>
        ) : error ? (
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
