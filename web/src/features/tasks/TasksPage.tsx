import { useCallback, useMemo, useRef, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { drafts } from '../../lib/drafts';
import { friendlyError } from '../../lib/errors';
import { navigate, useRoute } from '../../lib/router';
import { useShortcuts } from '../../lib/shortcuts';
import { refreshTaskLists } from '../../lib/task-list-events';
import { Icon } from '../../ui/icons';
import { EmptyState } from '../../ui/States';
import { toast } from '../../ui/Toasts';
import { TagOptionsQuery } from '../tags/operations';
import { DEFAULT_FILTERS, type FilterState, fromParams, toParams, toVariables } from './filters';
import {
  CompleteTaskMutation,
  CreateTaskMutation,
  DeleteTaskMutation,
  ReopenTaskMutation,
  RestoreTaskMutation,
} from './operations';
import { TaskEditorDialog } from './TaskEditorDialog';
import { TaskFilters } from './TaskFilters';
import { TaskList } from './TaskList';
import type { TaskRowActions } from './TaskRow';
import { TITLE_MAX } from './task-form';

/** Type a title, press Enter: the task appears at once (optimistically) and is saved. */
function QuickAdd() {
  const [title, setTitle] = useState('');
  const [, createTask] = useMutation(CreateTaskMutation);
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const trimmed = title.trim();
    if (!trimmed) return;
    if (trimmed.length > TITLE_MAX) {
      toast(`A title can be at most ${TITLE_MAX} characters.`, { tone: 'error' });
      return;
    }
    setTitle('');
    const result = await createTask({ input: { title: trimmed } });
    if (result.error) {
      setTitle(trimmed);
      toast(friendlyError(result.error), { tone: 'error' });
    }
  };
  return (
    <form className="quick-add" onSubmit={submit}>
      <Icon name="plus" className="quick-add-icon" />
      <label htmlFor="quick-add" className="sr-only">
        Quick add a task
      </label>
      <input
        id="quick-add"
        className="input quick-add-input"
        placeholder="Add a task and press Enter"
        value={title}
        onChange={(e) => setTitle(e.target.value)}
        autoComplete="off"
        enterKeyHint="done"
      />
    </form>
  );
}

function useTaskActions(openEditor: (id: string) => void): TaskRowActions {
  const [, completeTask] = useMutation(CompleteTaskMutation);
  const [, reopenTask] = useMutation(ReopenTaskMutation);
  const [, deleteTask] = useMutation(DeleteTaskMutation);
  const [, restoreTask] = useMutation(RestoreTaskMutation);
  return useMemo(
    () => ({
      onOpen: openEditor,
      onToggle: async (id, done) => {
        const result = done ? await completeTask({ id }) : await reopenTask({ id });
        if (result.error) toast(friendlyError(result.error), { tone: 'error' });
        // A repeating task's next occurrence is made by a worker moments later.
        else if (done) setTimeout(refreshTaskLists, 1_500);
      },
      onDelete: async (id, title) => {
        const result = await deleteTask({ id });
        if (result.error) toast(friendlyError(result.error), { tone: 'error' });
        else
          toast(`Moved “${title}” to the trash`, {
            action: { label: 'Undo', run: () => void restoreTask({ id }) },
          });
      },
      onRestore: async (id) => {
        const result = await restoreTask({ id });
        if (result.error) toast(friendlyError(result.error), { tone: 'error' });
        else toast('Task restored', { tone: 'success' });
      },
    }),
    [openEditor, completeTask, reopenTask, deleteTask, restoreTask],
  );
}

export function TasksPage({ userId }: { userId: string }) {
  const route = useRoute();
  const filters = useMemo(() => fromParams(route.params), [route.params]);
  const setFilters = useCallback((next: FilterState) => navigate('tasks', toParams(next), true), []);
  const variables = useMemo(() => toVariables(filters), [filters]);
  const [{ data: tagData }] = useQuery({ query: TagOptionsQuery });
  const tags = tagData?.tags ?? [];
  // A draft left by an expired session or a reload reopens its editor.
  const [editing, setEditing] = useState<{ taskId: string | null } | null>(() => drafts.pending(userId));
  const searchRef = useRef<HTMLInputElement>(null);
  const openEditor = useCallback((taskId: string | null) => setEditing({ taskId }), []);
  const actions = useTaskActions(openEditor);

  useShortcuts({
    n: () => openEditor(null),
    '/': () => searchRef.current?.focus(),
  });

  const narrowed =
    filters.search.trim() !== '' ||
    filters.priorities.length > 0 ||
    filters.tagIds.length > 0 ||
    !!filters.dueFrom ||
    !!filters.dueTo ||
    filters.overdue;
  const emptyState = narrowed ? (
    <EmptyState
      icon="search"
      title="No tasks match"
      action={
        <button
          type="button"
          className="button"
          onClick={() => setFilters({ ...DEFAULT_FILTERS, status: filters.status })}
        >
          Clear search and filters
        </button>
      }
    >
      Try other words or fewer filters.
    </EmptyState>
  ) : filters.status === 'TRASH' ? (
    <EmptyState icon="trash" title="The trash is empty">
      Deleted tasks wait here until you restore them.
    </EmptyState>
  ) : filters.status === 'COMPLETED' ? (
    <EmptyState icon="check" title="Nothing completed yet">
      Tick a task off and it shows up here.
    </EmptyState>
  ) : (
    <EmptyState
      icon="check"
      title="No tasks yet"
      action={
        <button type="button" className="button button-primary" onClick={() => openEditor(null)}>
          <Icon name="plus" />
          Add your first task
        </button>
      }
    >
      Type one above and press Enter, or press <kbd className="kbd">N</kbd> for the full editor.
    </EmptyState>
  );

  return (
    <div className="page">
      <header className="page-header">
        <h1 className="page-title">Tasks</h1>
        <button
          type="button"
          className="button button-primary"
          onClick={() => openEditor(null)}
          aria-keyshortcuts="n"
          title="New task (N)"
        >
          <Icon name="plus" />
          <span>New task</span>
        </button>
      </header>
      <TaskFilters ref={searchRef} value={filters} onChange={setFilters} tags={tags} />
      {filters.status !== 'TRASH' && filters.status !== 'COMPLETED' ? <QuickAdd /> : null}
      <TaskList variables={variables} actions={actions} emptyState={emptyState} />
      {editing ? (
        <TaskEditorDialog taskId={editing.taskId} userId={userId} onClose={() => setEditing(null)} />
      ) : null}
    </div>
  );
}
