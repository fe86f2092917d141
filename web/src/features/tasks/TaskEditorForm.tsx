import { type ReactNode, useEffect, useId, useRef, useState } from 'react';
import type { CreateTaskInput, Priority, UpdateTaskInput } from '../../gql/graphql';
import { parseDateInput, userTimeZone } from '../../lib/datetime';
import { drafts } from '../../lib/drafts';
import type { FieldErrors } from '../../lib/errors';
import { Icon } from '../../ui/icons';
import { TagLabel } from '../../ui/TagChip';
import { PRIORITIES, PRIORITY_LABELS } from './filters';
import { RecurrencePicker, type RecurrencePreview } from './RecurrencePicker';
import type { TagOption } from './TaskFilters';
import {
  DESCRIPTION_MAX,
  type TaskFormErrors,
  type TaskFormValues,
  TITLE_MAX,
  toCreateInput,
  toUpdateInput,
  validateTaskForm,
} from './task-form';

export type EditorSubmit =
  | { kind: 'create'; input: CreateTaskInput }
  | { kind: 'update'; input: UpdateTaskInput; tagIds: string[] | null };

/**
 * The task editor's form. Validates before sending (title 1–500 characters after trimming,
 * description ≤ 10,000), keeps the draft in storage while open (a reload or an expired session
 * does not lose it), and submits exactly the GraphQL input: all fields to create, only the changed
 * ones to update.
 */
export function TaskEditorForm({
  formId,
  mode,
  initial,
  draftOwner,
  tags,
  onCreateTag,
  preview,
  serverErrors,
  timeZone = userTimeZone(),
  onSubmit,
  children,
}: {
  formId: string;
  mode: 'create' | 'edit';
  initial: TaskFormValues;
  draftOwner?: { userId: string; taskId: string | null } | null;
  tags: TagOption[];
  onCreateTag?: (name: string) => Promise<TagOption | null>;
  preview?: RecurrencePreview | null;
  serverErrors?: FieldErrors;
  timeZone?: string;
  onSubmit: (submit: EditorSubmit) => void;
  children?: ReactNode;
}) {
  const id = useId();
  const [restored] = useState(() =>
    draftOwner ? drafts.load<TaskFormValues>(draftOwner.userId, draftOwner.taskId) : null,
  );
  const [values, setValues] = useState<TaskFormValues>(() => restored ?? initial);
  const [showRestored, setShowRestored] = useState(!!restored);
  const [errors, setErrors] = useState<TaskFormErrors>({});
  const [recurrenceProblem, setRecurrenceProblem] = useState<string | null>(null);
  const [pickerKey, setPickerKey] = useState(0);
  const [newTag, setNewTag] = useState('');
  const [tagError, setTagError] = useState<string | null>(null);
  const titleRef = useRef<HTMLInputElement>(null);
  const descriptionRef = useRef<HTMLTextAreaElement>(null);
  const dateRef = useRef<HTMLInputElement>(null);

  const ownerKey = draftOwner ? `${draftOwner.userId}:${draftOwner.taskId}` : null;
  const dirty = useRef(!!restored);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the owner is identified by ownerKey
  useEffect(() => {
    if (!draftOwner || !dirty.current) return;
    drafts.save(draftOwner.userId, draftOwner.taskId, values);
  }, [values, ownerKey]);

  const change = (patch: Partial<TaskFormValues>) => {
    dirty.current = true;
    setValues((v) => ({ ...v, ...patch }));
    const cleared = Object.keys(patch).map((k) => (k === 'dueDate' || k === 'dueTime' ? 'due' : k));
    if (cleared.some((k) => k in errors)) {
      setErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => !cleared.includes(k))));
    }
  };

  const discardDraft = () => {
    drafts.clear();
    dirty.current = false;
    setValues(initial);
    setPickerKey((k) => k + 1);
    setShowRestored(false);
  };

  const submit = (event?: React.FormEvent) => {
    event?.preventDefault();
    const found = validateTaskForm(values, recurrenceProblem);
    setErrors(found);
    if (found.title) return titleRef.current?.focus();
    if (found.description) return descriptionRef.current?.focus();
    if (found.due) return dateRef.current?.focus();
    if (found.recurrence) return;
    if (mode === 'create') onSubmit({ kind: 'create', input: toCreateInput(values, timeZone) });
    else onSubmit({ kind: 'update', ...toUpdateInput(initial, values, timeZone) });
  };

  const addTag = async () => {
    const name = newTag.trim();
    if (!name || !onCreateTag) return;
    setTagError(null);
    const existing = tags.find((t) => t.name.toLowerCase() === name.toLowerCase());
    if (existing) {
      if (!values.tagIds.includes(existing.id)) change({ tagIds: [...values.tagIds, existing.id] });
      setNewTag('');
      return;
    }
    try {
      const tag = await onCreateTag(name);
      if (tag) {
        change({ tagIds: [...values.tagIds, tag.id] });
        setNewTag('');
      }
    } catch (error) {
      setTagError(error instanceof Error ? error.message : 'Could not create the tag.');
    }
  };

  const allErrors: TaskFormErrors = {
    ...errors,
    ...(serverErrors?.title ? { title: serverErrors.title } : {}),
    ...(serverErrors?.description ? { description: serverErrors.description } : {}),
    ...(serverErrors?.dueAt ? { due: serverErrors.dueAt } : {}),
    ...(serverErrors?.recurrence || serverErrors?.['recurrence.rule'] || serverErrors?.['recurrence.timezone']
      ? {
          recurrence:
            serverErrors.recurrence ?? serverErrors['recurrence.rule'] ?? serverErrors['recurrence.timezone'],
        }
      : {}),
  };
  const titleLength = values.title.trim().length;
  const anchor = parseDateInput(values.dueDate) ?? new Date();

  return (
    <form
      id={formId}
      className="editor-form"
      noValidate
      onSubmit={submit}
      onKeyDown={(e) => {
        if (e.key === 'Enter' && (e.metaKey || e.ctrlKey)) submit(e);
      }}
    >
      {showRestored ? (
        <div className="notice" role="status">
          <Icon name="history" />
          <span>We kept your unsaved changes.</span>
          <button type="button" className="button button-sm button-ghost" onClick={discardDraft}>
            Discard draft
          </button>
        </div>
      ) : null}

      <div className="field">
        <div className="field-label-row">
          <label className="field-label" htmlFor={`${id}-title`}>
            Title
          </label>
          {titleLength > TITLE_MAX - 50 ? (
            <span className={`counter${titleLength > TITLE_MAX ? ' is-over' : ''}`} aria-live="polite">
              {titleLength}/{TITLE_MAX}
            </span>
          ) : null}
        </div>
        <input
          ref={titleRef}
          id={`${id}-title`}
          className="input input-lg"
          value={values.title}
          onChange={(e) => change({ title: e.target.value })}
          placeholder="What needs doing?"
          aria-invalid={!!allErrors.title}
          aria-describedby={allErrors.title ? `${id}-title-error` : undefined}
          autoComplete="off"
          data-autofocus
        />
        {allErrors.title ? (
          <p id={`${id}-title-error`} className="field-error">
            {allErrors.title}
          </p>
        ) : null}
      </div>

      <div className="field">
        <label className="field-label" htmlFor={`${id}-description`}>
          Description
        </label>
        <textarea
          ref={descriptionRef}
          id={`${id}-description`}
          className="input textarea"
          rows={3}
          value={values.description}
          onChange={(e) => change({ description: e.target.value })}
          placeholder="Notes, links, details…"
          aria-invalid={!!allErrors.description}
          aria-describedby={allErrors.description ? `${id}-description-error` : undefined}
        />
        {allErrors.description ? (
          <p id={`${id}-description-error`} className="field-error">
            {allErrors.description}
          </p>
        ) : values.description.length > DESCRIPTION_MAX - 500 ? (
          <p className="field-hint">
            {values.description.length.toLocaleString('en')}/{DESCRIPTION_MAX.toLocaleString('en')}
          </p>
        ) : null}
      </div>

      <fieldset className="field">
        <legend className="field-label">Priority</legend>
        <div className="segmented">
          {PRIORITIES.map((p: Priority) => (
            <label
              key={p}
              className={`segment priority-${p.toLowerCase()}${values.priority === p ? ' is-selected' : ''}`}
            >
              <input
                type="radio"
                name={`${id}-priority`}
                value={p}
                checked={values.priority === p}
                onChange={() => change({ priority: p })}
              />
              <span>{PRIORITY_LABELS[p]}</span>
            </label>
          ))}
        </div>
      </fieldset>

      <fieldset className="field">
        <legend className="field-label">Due</legend>
        <div className="due-inputs">
          <span className="inline-field">
            <label htmlFor={`${id}-date`}>Due date</label>
            <input
              ref={dateRef}
              id={`${id}-date`}
              type="date"
              className="input"
              value={values.dueDate}
              onChange={(e) => change({ dueDate: e.target.value })}
              aria-invalid={!!allErrors.due}
              aria-describedby={`${id}-tz${allErrors.due ? ` ${id}-due-error` : ''}`}
            />
          </span>
          <span className="inline-field">
            <label htmlFor={`${id}-time`}>Due time</label>
            <input
              id={`${id}-time`}
              type="time"
              className="input"
              value={values.dueTime}
              onChange={(e) => change({ dueTime: e.target.value })}
              aria-describedby={`${id}-tz`}
            />
          </span>
          {values.dueDate || values.dueTime ? (
            <button
              type="button"
              className="button button-ghost"
              onClick={() => change({ dueDate: '', dueTime: '' })}
            >
              Clear due date
            </button>
          ) : null}
        </div>
        <p id={`${id}-tz`} className="field-hint">
          In your time zone, {timeZone}
          {values.dueDate && !values.dueTime ? ' · no time means 09:00' : ''}.
        </p>
        {allErrors.due ? (
          <p id={`${id}-due-error`} className="field-error">
            {allErrors.due}
          </p>
        ) : null}
      </fieldset>

      <fieldset className="field">
        <legend className="field-label">Tags</legend>
        {tags.length ? (
          <div className="chip-row">
            {tags.map((tag) => (
              <label key={tag.id} className="toggle-chip">
                <input
                  type="checkbox"
                  checked={values.tagIds.includes(tag.id)}
                  onChange={() =>
                    change({
                      tagIds: values.tagIds.includes(tag.id)
                        ? values.tagIds.filter((t) => t !== tag.id)
                        : [...values.tagIds, tag.id],
                    })
                  }
                />
                <TagLabel name={tag.name} color={tag.color} />
              </label>
            ))}
          </div>
        ) : (
          <p className="muted small">No tags yet.</p>
        )}
        {onCreateTag ? (
          <div className="new-tag">
            <label className="sr-only" htmlFor={`${id}-newtag`}>
              New tag name
            </label>
            <input
              id={`${id}-newtag`}
              className="input input-sm"
              placeholder="New tag"
              value={newTag}
              maxLength={50}
              onChange={(e) => setNewTag(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') {
                  e.preventDefault();
                  void addTag();
                }
              }}
            />
            <button
              type="button"
              className="button button-sm"
              onClick={() => void addTag()}
              disabled={!newTag.trim()}
            >
              <Icon name="plus" size={14} />
              Add tag
            </button>
            {tagError ? (
              <p className="field-error" role="alert">
                {tagError}
              </p>
            ) : null}
          </div>
        ) : null}
      </fieldset>

      <RecurrencePicker
        key={pickerKey}
        value={values.recurrence}
        anchor={anchor}
        preview={preview}
        error={allErrors.recurrence}
        onChange={(recurrence, problem) => {
          setRecurrenceProblem(problem);
          change({ recurrence });
        }}
      />

      {children}
    </form>
  );
}
