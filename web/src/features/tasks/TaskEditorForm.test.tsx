import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, userEvent } from '../../test/utils';
import { type EditorSubmit, TaskEditorForm } from './TaskEditorForm';
import { emptyTaskForm, type TaskFormValues } from './task-form';

const tags = [
  { id: 'tag-home', name: 'home', color: '#22c55e' },
  { id: 'tag-work', name: 'work', color: null },
];

function setup(
  props: {
    mode?: 'create' | 'edit';
    initial?: TaskFormValues;
    draftOwner?: { userId: string; taskId: string | null };
  } = {},
) {
  const onSubmit = vi.fn<(submit: EditorSubmit) => void>();
  const user = userEvent.setup();
  const ui = (
    <>
      <TaskEditorForm
        formId="editor"
        mode={props.mode ?? 'create'}
        initial={props.initial ?? emptyTaskForm()}
        draftOwner={props.draftOwner}
        tags={tags}
        timeZone="Europe/Berlin"
        onSubmit={onSubmit}
      />
      <button type="submit" form="editor">
        Save
      </button>
    </>
  );
  const view = render(ui);
  const save = () => user.click(screen.getByRole('button', { name: 'Save' }));
  return { user, onSubmit, save, view, ui };
}

const title = () => screen.getByRole('textbox', { name: 'Title' }) as HTMLInputElement;

describe('TaskEditorForm validation', () => {
  it('an empty (or blank) title is refused, explained and focused', async () => {
    const { user, onSubmit, save } = setup();
    await save();
    expect(onSubmit).not.toHaveBeenCalled();
    expect(screen.getByText('Enter a title.')).toBeTruthy();
    expect(title().getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(title());
    await user.type(title(), '   ');
    await save();
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('titles are limited to 500 characters after trimming', async () => {
    const { onSubmit, save } = setup();
    fireEvent.change(title(), { target: { value: 'x'.repeat(501) } });
    await save();
    expect(onSubmit).not.toHaveBeenCalled();
    expect(screen.getByText('The title can be at most 500 characters (it has 501).')).toBeTruthy();
    expect(screen.getByText('501/500')).toBeTruthy();

    fireEvent.change(title(), { target: { value: `  ${'x'.repeat(500)}  ` } });
    await save();
    expect(onSubmit).toHaveBeenCalledOnce();
    expect(onSubmit.mock.lastCall?.[0]).toMatchObject({ kind: 'create', input: { title: 'x'.repeat(500) } });
  });

  it('a time needs a date', async () => {
    const { user, onSubmit, save } = setup();
    await user.type(title(), 'Call the bank');
    fireEvent.change(screen.getByLabelText('Due time'), { target: { value: '10:00' } });
    await save();
    expect(onSubmit).not.toHaveBeenCalled();
    expect(screen.getByText('Pick a date for this time.')).toBeTruthy();
  });
});

describe('TaskEditorForm submits the GraphQL input', () => {
  it('creates with every field, the due time in the user’s zone', async () => {
    const { user, onSubmit, save } = setup();
    await user.type(title(), '  Quarterly report  ');
    await user.type(screen.getByLabelText('Description'), 'Charts <b>for</b> the board');
    await user.click(screen.getByRole('radio', { name: 'High' }));
    fireEvent.change(screen.getByLabelText('Due date'), { target: { value: '2026-03-10' } });
    fireEvent.change(screen.getByLabelText('Due time'), { target: { value: '14:30' } });
    await user.click(screen.getByRole('checkbox', { name: 'work' }));
    await user.selectOptions(screen.getByLabelText('Repeats'), 'Monthly on a weekday (e.g. 2nd Tuesday)');
    await save();
    expect(onSubmit).toHaveBeenCalledWith({
      kind: 'create',
      input: {
        title: 'Quarterly report',
        description: 'Charts <b>for</b> the board',
        priority: 'HIGH',
        dueAt: '2026-03-10T13:30:00.000Z',
        tagIds: ['tag-work'],
        recurrence: { rule: 'FREQ=MONTHLY;BYDAY=2TU', basis: 'DUE_DATE', timezone: 'Europe/Berlin' },
      },
    });
  });

  it('a minimal task is just a title and the default priority', async () => {
    const { user, onSubmit, save } = setup();
    await user.type(title(), 'Buy milk');
    await save();
    expect(onSubmit).toHaveBeenCalledWith({
      kind: 'create',
      input: { title: 'Buy milk', priority: 'MEDIUM' },
    });
  });

  it('updates only what changed; cleared fields are sent as null; tags separately', async () => {
    const initial: TaskFormValues = {
      title: 'Water the plants',
      description: 'Balcony too',
      priority: 'LOW',
      dueDate: '2026-03-12',
      dueTime: '08:00',
      tagIds: ['tag-home'],
      recurrence: { rule: 'FREQ=WEEKLY;BYDAY=MO,TH', basis: 'DUE_DATE' },
    };
    const { user, onSubmit, save } = setup({ mode: 'edit', initial });
    await save();
    expect(onSubmit).toHaveBeenLastCalledWith({ kind: 'update', input: {}, tagIds: null });

    await user.clear(title());
    await user.type(title(), 'Water all the plants');
    await user.clear(screen.getByLabelText('Description'));
    await user.click(screen.getByRole('button', { name: 'Clear due date' }));
    await user.selectOptions(screen.getByLabelText('Repeats'), 'Does not repeat');
    await user.click(screen.getByRole('checkbox', { name: 'work' }));
    await save();
    expect(onSubmit).toHaveBeenLastCalledWith({
      kind: 'update',
      input: { title: 'Water all the plants', description: null, dueAt: null, recurrence: null },
      tagIds: ['tag-home', 'tag-work'],
    });
  });

  it('server field errors show next to their field', () => {
    render(
      <TaskEditorForm
        formId="editor"
        mode="create"
        initial={emptyTaskForm()}
        tags={[]}
        serverErrors={{ recurrence: '"FREQ=SOMETIMES" is not a valid frequency.' }}
        onSubmit={() => undefined}
      />,
    );
    expect(screen.getByRole('alert').textContent).toBe('"FREQ=SOMETIMES" is not a valid frequency.');
  });
});

describe('TaskEditorForm keeps the draft', () => {
  it('restores what was typed after the editor went away (reload, expired session)', async () => {
    const owner = { userId: 'user-1', taskId: null };
    const first = setup({ draftOwner: owner });
    await first.user.type(title(), 'Half-typed thought');
    await first.user.type(screen.getByLabelText('Description'), 'with details');
    first.view.unmount();

    const second = setup({ draftOwner: owner });
    expect(title().value).toBe('Half-typed thought');
    expect((screen.getByLabelText('Description') as HTMLTextAreaElement).value).toBe('with details');
    expect(screen.getByText('We kept your unsaved changes.')).toBeTruthy();
    await second.save();
    expect(second.onSubmit).toHaveBeenCalledWith({
      kind: 'create',
      input: { title: 'Half-typed thought', description: 'with details', priority: 'MEDIUM' },
    });
  });

  it('keeps drafts per user and per task, and can discard them', async () => {
    const first = setup({ draftOwner: { userId: 'user-1', taskId: 'task-1' } });
    await first.user.type(title(), 'Draft of user 1');
    first.view.unmount();

    const otherUser = setup({ draftOwner: { userId: 'user-2', taskId: 'task-1' } });
    expect(title().value).toBe('');
    otherUser.view.unmount();

    const again = setup({ draftOwner: { userId: 'user-1', taskId: 'task-1' } });
    expect(title().value).toBe('Draft of user 1');
    await again.user.click(screen.getByRole('button', { name: 'Discard draft' }));
    expect(title().value).toBe('');
    again.view.unmount();
    setup({ draftOwner: { userId: 'user-1', taskId: 'task-1' } });
    expect(title().value).toBe('');
  });
});
