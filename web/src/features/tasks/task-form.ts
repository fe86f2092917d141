import type { CreateTaskInput, Priority, RecurrenceBasis, UpdateTaskInput } from '../../gql/graphql';
import { fromDateTimeInputs, toDateInput, toTimeInput } from '../../lib/datetime';

export const TITLE_MAX = 500;
export const DESCRIPTION_MAX = 10_000;

/** The editor's fields, as typed (local date and time strings). */
export interface TaskFormValues {
  title: string;
  description: string;
  priority: Priority;
  dueDate: string;
  dueTime: string;
  tagIds: string[];
  recurrence: { rule: string; basis: RecurrenceBasis } | null;
}

export type TaskFormErrors = Partial<Record<'title' | 'description' | 'due' | 'recurrence', string>>;

export const emptyTaskForm = (): TaskFormValues => ({
  title: '',
  description: '',
  priority: 'MEDIUM',
  dueDate: '',
  dueTime: '',
  tagIds: [],
  recurrence: null,
});

export function taskFormFromTask(task: {
  title: string;
  description?: string | null;
  priority: Priority;
  dueAt?: string | null;
  tags: { id: string }[];
  recurrence?: { rule: string; basis: RecurrenceBasis } | null;
}): TaskFormValues {
  return {
    title: task.title,
    description: task.description ?? '',
    priority: task.priority,
    dueDate: toDateInput(task.dueAt),
    dueTime: toTimeInput(task.dueAt),
    tagIds: task.tags.map((t) => t.id),
    recurrence: task.recurrence ? { rule: task.recurrence.rule, basis: task.recurrence.basis } : null,
  };
}

export function validateTaskForm(
  values: TaskFormValues,
  recurrenceProblem: string | null = null,
): TaskFormErrors {
  const errors: TaskFormErrors = {};
  const title = values.title.trim();
  if (!title) errors.title = 'Enter a title.';
  else if (title.length > TITLE_MAX)
    errors.title = `The title can be at most ${TITLE_MAX} characters (it has ${title.length}).`;
  if (values.description.length > DESCRIPTION_MAX)
    errors.description = `The description can be at most ${DESCRIPTION_MAX.toLocaleString('en')} characters.`;
  if (values.dueTime && !values.dueDate) errors.due = 'Pick a date for this time.';
  if (values.recurrence && recurrenceProblem) errors.recurrence = recurrenceProblem;
  return errors;
}

const dueAtOf = (values: TaskFormValues) => fromDateTimeInputs(values.dueDate, values.dueTime);

export function toCreateInput(values: TaskFormValues, timeZone: string): CreateTaskInput {
  const input: CreateTaskInput = { title: values.title.trim(), priority: values.priority };
  if (values.description.trim()) input.description = values.description;
  const dueAt = dueAtOf(values);
  if (dueAt) input.dueAt = dueAt;
  if (values.tagIds.length) input.tagIds = [...values.tagIds];
  if (values.recurrence) input.recurrence = { ...values.recurrence, timezone: timeZone };
  return input;
}

/** Only what changed: an unchanged field is left out, a cleared one is sent as null. */
export function toUpdateInput(
  initial: TaskFormValues,
  values: TaskFormValues,
  timeZone: string,
): { input: UpdateTaskInput; tagIds: string[] | null } {
  const input: UpdateTaskInput = {};
  const title = values.title.trim();
  if (title !== initial.title) input.title = title;
  if (values.description !== initial.description)
    input.description = values.description.trim() ? values.description : null;
  if (values.priority !== initial.priority) input.priority = values.priority;
  const before = dueAtOf(initial);
  const after = dueAtOf(values);
  if (before !== after) input.dueAt = after;
  const recurrenceChanged =
    values.recurrence?.rule !== initial.recurrence?.rule ||
    values.recurrence?.basis !== initial.recurrence?.basis;
  if (recurrenceChanged)
    input.recurrence = values.recurrence ? { ...values.recurrence, timezone: timeZone } : null;
  const sameTags =
    values.tagIds.length === initial.tagIds.length &&
    values.tagIds.every((id, i) => id === initial.tagIds[i]);
  return { input, tagIds: sameTags ? null : [...values.tagIds] };
}
