import { useId, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { getFragmentData, graphql } from '../../gql';
import type { TaskReminders_ReminderFragmentFragment as Reminder } from '../../gql/graphql';
import { formatDateTime } from '../../lib/datetime';
import { friendlyError } from '../../lib/errors';
import { Icon } from '../../ui/icons';
import { Spinner } from '../../ui/States';

/** A reminder as the task's reminder list shows it. */
export const TaskReminders_ReminderFragment = graphql(`
  fragment TaskReminders_ReminderFragment on Reminder {
    __typename
    id
    taskId
    remindAt
    minutesBefore
    firedAt
  }
`);

const TaskRemindersQuery = graphql(`
  query TaskReminders($id: ID!) {
    task(id: $id) {
      __typename
      id
      reminders {
        __typename
        id
        ...TaskReminders_ReminderFragment
      }
    }
  }
`);

const AddReminderMutation = graphql(`
  mutation AddReminder($taskId: ID!, $input: ReminderInput!) {
    addReminder(taskId: $taskId, input: $input) {
      __typename
      id
      ...TaskReminders_ReminderFragment
    }
  }
`);

const RemoveReminderMutation = graphql(`
  mutation RemoveReminder($id: ID!) {
    removeReminder(id: $id)
  }
`);

const OFFSETS = [
  { value: '0', label: 'At the due time' },
  { value: '5', label: '5 minutes before' },
  { value: '15', label: '15 minutes before' },
  { value: '30', label: '30 minutes before' },
  { value: '60', label: '1 hour before' },
  { value: '1440', label: '1 day before' },
  { value: 'at', label: 'At a specific time…' },
];

function reminderText(reminder: Reminder) {
  if (reminder.minutesBefore === null) return `At ${formatDateTime(reminder.remindAt)}`;
  const option = OFFSETS.find((o) => o.value === String(reminder.minutesBefore));
  return `${option ? option.label : `${reminder.minutesBefore} minutes before`} (${formatDateTime(reminder.remindAt)})`;
}

/** A saved task's reminders: the list, add one (before the due time or at a time), remove one. */
export function TaskReminders({ taskId, hasDueDate }: { taskId: string | null; hasDueDate: boolean }) {
  const id = useId();
  const [choice, setChoice] = useState(hasDueDate ? '15' : 'at');
  const [at, setAt] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [{ data, fetching, error }] = useQuery({
    query: TaskRemindersQuery,
    variables: { id: taskId ?? '' },
    requestPolicy: 'cache-and-network',
    pause: !taskId,
  });
  const [added, addReminder] = useMutation(AddReminderMutation);
  const [, removeReminder] = useMutation(RemoveReminderMutation);

  let body: React.ReactNode;
  if (!taskId) body = <p className="muted small">Save the task to add reminders.</p>;
  else if (!data && fetching) body = <Spinner label="Loading reminders" />;
  else if (error) body = <p className="field-error">{friendlyError(error)}</p>;
  else {
    const reminders = getFragmentData(TaskReminders_ReminderFragment, data?.task?.reminders ?? []);
    const add = async () => {
      setProblem(null);
      if (choice !== 'at' && !hasDueDate) return setProblem('Set a due date first, or pick a specific time.');
      const input =
        choice === 'at'
          ? { remindAt: at ? new Date(at).toISOString() : null }
          : { minutesBefore: Number(choice) };
      if ('remindAt' in input && !input.remindAt) return setProblem('Pick a date and time.');
      const result = await addReminder({ taskId, input });
      if (result.error) setProblem(friendlyError(result.error));
    };
    body = (
      <>
        {reminders.length ? (
          <ul className="plain-list">
            {reminders.map((r) => (
              <li key={r.id} className="list-line">
                <Icon name="bell" size={14} />
                <span>{reminderText(r)}</span>
                {r.firedAt ? <span className="badge badge-soft">Sent</span> : null}
                <button
                  type="button"
                  className="icon-button icon-button-sm"
                  aria-label={`Remove reminder: ${reminderText(r)}`}
                  onClick={() => void removeReminder({ id: r.id })}
                >
                  <Icon name="x" size={14} />
                </button>
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted small">No reminders.</p>
        )}
        <div className="recurrence-row">
          <span className="inline-field">
            <label htmlFor={`${id}-when`}>Remind me</label>
            <select
              id={`${id}-when`}
              className="input"
              value={choice}
              onChange={(e) => setChoice(e.target.value)}
            >
              {OFFSETS.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
          </span>
          {choice === 'at' ? (
            <span className="inline-field">
              <label htmlFor={`${id}-at`}>Reminder time</label>
              <input
                id={`${id}-at`}
                type="datetime-local"
                className="input"
                value={at}
                onChange={(e) => setAt(e.target.value)}
              />
            </span>
          ) : null}
          <button
            type="button"
            className="button button-sm"
            onClick={() => void add()}
            disabled={added.fetching}
          >
            <Icon name="plus" size={14} />
            Add reminder
          </button>
        </div>
        {problem ? (
          <p className="field-error" role="alert">
            {problem}
          </p>
        ) : null}
      </>
    );
  }

  return (
    <section className="editor-section" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} className="section-title">
        Reminders
      </h3>
      {body}
    </section>
  );
}
