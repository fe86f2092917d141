import { useId, useMemo, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { getFragmentData, graphql } from '../../gql';
import { drafts } from '../../lib/drafts';
import { type FieldErrors, fieldErrors, friendlyError } from '../../lib/errors';
import { Dialog } from '../../ui/Dialog';
import { Icon } from '../../ui/icons';
import { ErrorState, Spinner } from '../../ui/States';
import { toast } from '../../ui/Toasts';
import { CreateTagMutation, TagOptionsQuery } from '../tags/operations';
import {
  CreateTaskMutation,
  DeleteTaskMutation,
  RestoreTaskMutation,
  SetTaskTagsMutation,
  TaskEditorTaskQuery,
  UpdateTaskMutation,
} from './operations';
import { type EditorSubmit, TaskEditorForm } from './TaskEditorForm';
import { TaskHistory } from './TaskHistory';
import { TaskReminders } from './TaskReminders';
import { emptyTaskForm, taskFormFromTask } from './task-form';

export const TaskEditor_TaskFragment = graphql(`
  fragment TaskEditor_TaskFragment on Task {
    id
    title
    description
    priority
    status
    dueAt
    deletedAt
    tags {
      id
      name
      color
    }
    recurrence {
      rule
      timezone
      basis
      text
      nextOccurrences(count: 5)
    }
  }
`);

/** Creates (taskId null) or edits a task in a modal dialog. */
export function TaskEditorDialog({
  taskId,
  userId,
  onClose,
}: {
  taskId: string | null;
  userId: string;
  onClose: () => void;
}) {
  const formId = useId();
  const [{ data, fetching, error }, refetch] = useQuery({
    query: TaskEditorTaskQuery,
    variables: { id: taskId ?? '' },
    pause: !taskId,
    requestPolicy: 'cache-and-network',
  });
  const [{ data: tagData }] = useQuery({ query: TagOptionsQuery });
  const [, createTask] = useMutation(CreateTaskMutation);
  const [, updateTask] = useMutation(UpdateTaskMutation);
  const [, setTaskTags] = useMutation(SetTaskTagsMutation);
  const [, deleteTask] = useMutation(DeleteTaskMutation);
  const [, restoreTask] = useMutation(RestoreTaskMutation);
  const [, createTag] = useMutation(CreateTagMutation);
  const [busy, setBusy] = useState(false);
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);

  const task = getFragmentData(TaskEditor_TaskFragment, data?.task ?? null);
  const initial = useMemo(() => (task ? taskFormFromTask(task) : emptyTaskForm()), [task]);
  const tags = tagData?.tags ?? [];

  const close = () => {
    drafts.clear();
    onClose();
  };

  const fail = (err: Parameters<typeof friendlyError>[0]) => {
    setServerErrors(fieldErrors(err));
    setFormError(friendlyError(err));
    setBusy(false);
  };

  const submit = async (submission: EditorSubmit) => {
    setBusy(true);
    setServerErrors({});
    setFormError(null);
    if (submission.kind === 'create') {
      const result = await createTask({ input: submission.input });
      if (result.error) return fail(result.error);
      toast('Task added', { tone: 'success' });
    } else {
      if (!taskId) return;
      const changed = Object.keys(submission.input).length > 0;
      if (changed) {
        const result = await updateTask({ id: taskId, input: submission.input });
        if (result.error) return fail(result.error);
      }
      if (submission.tagIds) {
        const result = await setTaskTags({ taskId, tagIds: submission.tagIds });
        if (result.error) return fail(result.error);
      }
      if (changed || submission.tagIds) toast('Changes saved', { tone: 'success' });
    }
    setBusy(false);
    close();
  };

  const remove = async () => {
    if (!taskId || !task) return;
    const title = task.title;
    close();
    const result = await deleteTask({ id: taskId });
    if (result.error) toast(friendlyError(result.error), { tone: 'error' });
    else
      toast(`Moved “${title}” to the trash`, {
        action: { label: 'Undo', run: () => void restoreTask({ id: taskId }) },
      });
  };

  const createTagInline = async (name: string) => {
    const result = await createTag({ input: { name } });
    if (result.error) throw new Error(friendlyError(result.error));
    return result.data?.createTag ?? null;
  };

  const title = taskId ? 'Edit task' : 'New task';
  if (taskId && !task) {
    return (
      <Dialog title={title} onClose={close}>
        {error ? (
          <ErrorState
            message={friendlyError(error)}
            onRetry={() => refetch({ requestPolicy: 'network-only' })}
          />
        ) : fetching ? (
          <Spinner label="Loading task" />
        ) : (
          <ErrorState message="This task no longer exists." />
        )}
      </Dialog>
    );
  }

  return (
    <Dialog
      title={title}
      onClose={close}
      size="lg"
      footer={
        <>
          {task && !task.deletedAt ? (
            <button
              type="button"
              className="button button-ghost button-danger-text"
              onClick={() => void remove()}
            >
              <Icon name="trash" size={16} />
              Delete
            </button>
          ) : null}
          <span className="spacer" />
          <span className="muted small hide-mobile" aria-hidden="true">
            <kbd className="kbd">Ctrl</kbd>+<kbd className="kbd">Enter</kbd> to save
          </span>
          <button type="button" className="button" onClick={close}>
            Cancel
          </button>
          <button type="submit" form={formId} className="button button-primary" disabled={busy}>
            {busy ? 'Saving…' : taskId ? 'Save' : 'Add task'}
          </button>
        </>
      }
    >
      {formError ? (
        <div className="notice notice-error" role="alert">
          <Icon name="alert" />
          <span>{formError}</span>
        </div>
      ) : null}
      <TaskEditorForm
        key={task?.id ?? 'new'}
        formId={formId}
        mode={taskId ? 'edit' : 'create'}
        initial={initial}
        draftOwner={{ userId, taskId }}
        tags={tags}
        onCreateTag={createTagInline}
        preview={task?.recurrence ?? null}
        serverErrors={serverErrors}
        onSubmit={(s) => void submit(s)}
      >
        {taskId ? (
          <>
            <TaskReminders taskId={taskId} hasDueDate={!!task?.dueAt} />
            <TaskHistory taskId={taskId} />
          </>
        ) : null}
      </TaskEditorForm>
    </Dialog>
  );
}
