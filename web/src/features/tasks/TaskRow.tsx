import { memo } from 'react';
import { type FragmentType, getFragmentData, graphql } from '../../gql';
import { formatDue } from '../../lib/datetime';
import { Icon } from '../../ui/icons';
import { TagChip } from '../../ui/TagChip';
import { PRIORITY_LABELS } from './filters';

export const TaskRow_TaskFragment = graphql(`
  fragment TaskRow_TaskFragment on Task {
    id
    title
    description
    priority
    status
    dueAt
    completedAt
    deletedAt
    createdAt
    updatedAt
    recurrence {
      rule
      text
    }
    tags {
      id
      ...TagChip_TagFragment
    }
  }
`);

export interface TaskRowActions {
  onOpen: (id: string) => void;
  onToggle: (id: string, done: boolean) => void;
  onDelete: (id: string, title: string) => void;
  onRestore: (id: string) => void;
}

/** One task: done checkbox, title (opens the editor), priority, due, repeat, tags, actions. */
export const TaskRow = memo(function TaskRow({
  task: taskRef,
  actions,
  now,
}: {
  task: FragmentType<typeof TaskRow_TaskFragment>;
  actions: TaskRowActions;
  now: Date;
}) {
  const task = getFragmentData(TaskRow_TaskFragment, taskRef);
  const done = task.status === 'COMPLETED';
  const deleted = !!task.deletedAt;
  const overdue = !done && !!task.dueAt && Date.parse(task.dueAt) < now.getTime();
  const pending = task.id.startsWith('optimistic-');

  return (
    <li
      className={`task-row${done ? ' is-done' : ''}${deleted ? ' is-deleted' : ''}${pending ? ' is-pending' : ''}`}
      aria-label={task.title}
      data-task-id={task.id}
    >
      <span className="task-check">
        <input
          type="checkbox"
          className="checkbox"
          checked={done}
          disabled={deleted || pending}
          aria-label={done ? `Reopen “${task.title}”` : `Complete “${task.title}”`}
          onChange={(e) => actions.onToggle(task.id, e.target.checked)}
        />
      </span>
      <div className="task-main">
        <button
          type="button"
          className="task-title"
          onClick={() => actions.onOpen(task.id)}
          disabled={pending}
          aria-label={`Edit “${task.title}”`}
        >
          {task.title}
        </button>
        {task.description ? <p className="task-description">{task.description}</p> : null}
        <div className="task-meta">
          {task.priority !== 'MEDIUM' ? (
            <span className={`priority priority-${task.priority.toLowerCase()}`}>
              <Icon name="flag" size={12} />
              {PRIORITY_LABELS[task.priority]}
            </span>
          ) : null}
          {task.dueAt ? (
            <span className={`due${overdue ? ' is-overdue' : ''}`}>
              <Icon name="calendar" size={12} />
              <time dateTime={task.dueAt}>{formatDue(task.dueAt, now)}</time>
              {overdue ? <span className="sr-only"> (overdue)</span> : null}
            </span>
          ) : null}
          {task.recurrence ? (
            <span className="repeat" title={task.recurrence.rule}>
              <Icon name="repeat" size={12} />
              {task.recurrence.text}
            </span>
          ) : null}
          {task.tags.map((tag) => (
            <TagChip key={tag.id} tag={tag} />
          ))}
        </div>
      </div>
      <div className="task-actions">
        {deleted ? (
          <button
            type="button"
            className="button button-sm"
            onClick={() => actions.onRestore(task.id)}
            aria-label={`Restore “${task.title}”`}
          >
            <Icon name="undo" size={14} />
            <span>Restore</span>
          </button>
        ) : (
          <button
            type="button"
            className="icon-button"
            disabled={pending}
            onClick={() => actions.onDelete(task.id, task.title)}
            aria-label={`Delete “${task.title}”`}
          >
            <Icon name="trash" />
          </button>
        )}
      </div>
    </li>
  );
});
