import { useId, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { type FragmentType, getFragmentData, graphql } from '../../gql';
import { friendlyError } from '../../lib/errors';
import { hrefFor } from '../../lib/router';
import { ConfirmDialog } from '../../ui/Dialog';
import { Icon } from '../../ui/icons';
import { EmptyState, ErrorState, SkeletonRows } from '../../ui/States';
import { TagLabel } from '../../ui/TagChip';
import { toast } from '../../ui/Toasts';
import { CreateTagMutation, DeleteTagMutation, UpdateTagMutation } from './operations';

export const TagRow_TagFragment = graphql(`
  fragment TagRow_TagFragment on Tag {
    id
    name
    color
    taskCount
  }
`);

const TagManagerQuery = graphql(`
  query TagManager {
    tags {
      id
      ...TagRow_TagFragment
    }
  }
`);

export const PALETTE = [
  { value: '#ef4444', name: 'Red' },
  { value: '#f97316', name: 'Orange' },
  { value: '#eab308', name: 'Yellow' },
  { value: '#22c55e', name: 'Green' },
  { value: '#14b8a6', name: 'Teal' },
  { value: '#3b82f6', name: 'Blue' },
  { value: '#6366f1', name: 'Indigo' },
  { value: '#a855f7', name: 'Purple' },
  { value: '#ec4899', name: 'Pink' },
  { value: '#64748b', name: 'Slate' },
];

/** Palette swatches as radio buttons, plus a free color input. */
function ColorPicker({
  value,
  onChange,
  label,
}: {
  value: string | null;
  onChange: (c: string | null) => void;
  label: string;
}) {
  const id = useId();
  const custom = value && !PALETTE.some((p) => p.value === value) ? value : null;
  return (
    <fieldset className="color-picker">
      <legend className="field-label">{label}</legend>
      <div className="swatches">
        <label className={`swatch swatch-none${value === null ? ' is-selected' : ''}`} title="No color">
          <input type="radio" name={`${id}-color`} checked={value === null} onChange={() => onChange(null)} />
          <span className="sr-only">No color</span>
        </label>
        {PALETTE.map((color) => (
          <label
            key={color.value}
            className={`swatch${value === color.value ? ' is-selected' : ''}`}
            style={{ '--swatch': color.value } as React.CSSProperties}
            title={color.name}
          >
            <input
              type="radio"
              name={`${id}-color`}
              checked={value === color.value}
              onChange={() => onChange(color.value)}
            />
            <span className="sr-only">{color.name}</span>
          </label>
        ))}
        <label className={`swatch swatch-custom${custom ? ' is-selected' : ''}`} title="Custom color">
          <span className="sr-only">Custom color</span>
          <input type="color" value={custom ?? '#5b5bd6'} onChange={(e) => onChange(e.target.value)} />
        </label>
      </div>
    </fieldset>
  );
}

function TagRow({ tag: tagRef }: { tag: FragmentType<typeof TagRow_TagFragment> }) {
  const tag = getFragmentData(TagRow_TagFragment, tagRef);
  const id = useId();
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [name, setName] = useState(tag.name);
  const [color, setColor] = useState<string | null>(tag.color ?? null);
  const [problem, setProblem] = useState<string | null>(null);
  const [updated, updateTag] = useMutation(UpdateTagMutation);
  const [deleted, deleteTag] = useMutation(DeleteTagMutation);

  const save = async (event: React.FormEvent) => {
    event.preventDefault();
    if (!name.trim()) return setProblem('Enter a name.');
    const result = await updateTag({ id: tag.id, input: { name: name.trim(), color } });
    if (result.error) setProblem(friendlyError(result.error));
    else {
      setEditing(false);
      setProblem(null);
    }
  };

  if (editing) {
    return (
      <li className="tag-row is-editing">
        <form className="tag-form" onSubmit={save} aria-label={`Edit tag ${tag.name}`}>
          <div className="field">
            <label className="field-label" htmlFor={`${id}-name`}>
              Tag name
            </label>
            <input
              id={`${id}-name`}
              className="input"
              value={name}
              maxLength={50}
              onChange={(e) => setName(e.target.value)}
              data-autofocus
              // biome-ignore lint/a11y/noAutofocus: the field the user asked to edit
              autoFocus
            />
          </div>
          <ColorPicker value={color} onChange={setColor} label="Color" />
          {problem ? (
            <p className="field-error" role="alert">
              {problem}
            </p>
          ) : null}
          <div className="form-actions">
            <button type="button" className="button" onClick={() => setEditing(false)}>
              Cancel
            </button>
            <button type="submit" className="button button-primary" disabled={updated.fetching}>
              Save tag
            </button>
          </div>
        </form>
      </li>
    );
  }

  return (
    <li className="tag-row">
      <a className="tag-row-main" href={hrefFor('tasks', { tags: tag.id, status: 'ALL' })}>
        <TagLabel name={tag.name} color={tag.color} />
        <span className="muted small">{tag.taskCount === 1 ? '1 task' : `${tag.taskCount} tasks`}</span>
      </a>
      <button
        type="button"
        className="icon-button"
        aria-label={`Edit tag ${tag.name}`}
        onClick={() => {
          setName(tag.name);
          setColor(tag.color ?? null);
          setEditing(true);
        }}
      >
        <Icon name="edit" />
      </button>
      <button
        type="button"
        className="icon-button"
        aria-label={`Delete tag ${tag.name}`}
        onClick={() => setConfirming(true)}
      >
        <Icon name="trash" />
      </button>
      {confirming ? (
        <ConfirmDialog
          title={`Delete tag “${tag.name}”?`}
          message={
            tag.taskCount
              ? `It will be removed from ${tag.taskCount === 1 ? '1 task' : `${tag.taskCount} tasks`}. The tasks stay.`
              : 'No task uses it.'
          }
          confirmLabel="Delete tag"
          danger
          busy={deleted.fetching}
          onClose={() => setConfirming(false)}
          onConfirm={async () => {
            const result = await deleteTag({ id: tag.id });
            setConfirming(false);
            if (result.error) toast(friendlyError(result.error), { tone: 'error' });
            else toast(`Deleted tag “${tag.name}”`);
          }}
        />
      ) : null}
    </li>
  );
}

function NewTagForm() {
  const id = useId();
  const [name, setName] = useState('');
  const [color, setColor] = useState<string | null>(PALETTE[5]!.value);
  const [problem, setProblem] = useState<string | null>(null);
  const [created, createTag] = useMutation(CreateTagMutation);
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (!name.trim()) return setProblem('Enter a name for the tag.');
    const result = await createTag({ input: { name: name.trim(), color } });
    if (result.error) setProblem(friendlyError(result.error));
    else {
      setName('');
      setProblem(null);
      toast(`Created tag “${result.data?.createTag.name}”`, { tone: 'success' });
    }
  };
  return (
    <form className="card tag-form" onSubmit={submit} aria-label="New tag" noValidate>
      <h2 className="card-title">New tag</h2>
      <div className="field">
        <label className="field-label" htmlFor={`${id}-name`}>
          Tag name
        </label>
        <input
          id={`${id}-name`}
          className="input"
          value={name}
          maxLength={50}
          placeholder="e.g. errands"
          onChange={(e) => setName(e.target.value)}
          aria-invalid={!!problem}
          aria-describedby={problem ? `${id}-error` : undefined}
        />
      </div>
      <ColorPicker value={color} onChange={setColor} label="Color" />
      {problem ? (
        <p id={`${id}-error`} className="field-error" role="alert">
          {problem}
        </p>
      ) : null}
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={created.fetching}>
          <Icon name="plus" />
          Create tag
        </button>
      </div>
    </form>
  );
}

export default function TagsPage() {
  const [{ data, fetching, error }, refetch] = useQuery({
    query: TagManagerQuery,
    requestPolicy: 'cache-and-network',
  });
  const tags = data?.tags ?? [];
  return (
    <div className="page">
      <header className="page-header">
        <h1 className="page-title">Tags</h1>
      </header>
      <div className="two-column">
        <section aria-label="Your tags" className="card card-flush">
          {!data && fetching ? (
            <SkeletonRows count={4} />
          ) : error && !data ? (
            <ErrorState
              message={friendlyError(error)}
              onRetry={() => refetch({ requestPolicy: 'network-only' })}
            />
          ) : tags.length === 0 ? (
            <EmptyState icon="tag" title="No tags yet">
              Tags group tasks across projects: create one here or from the task editor.
            </EmptyState>
          ) : (
            <ul className="tag-list" aria-label="Tags">
              {tags.map((tag) => (
                <TagRow key={tag.id} tag={tag} />
              ))}
            </ul>
          )}
        </section>
        <NewTagForm />
      </div>
    </div>
  );
}
