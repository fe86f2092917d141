import { forwardRef, useEffect, useId, useRef, useState } from 'react';
import type { Priority, TaskOrderField } from '../../gql/graphql';
import { todayInput } from '../../lib/datetime';
import { Icon } from '../../ui/icons';
import { TagLabel } from '../../ui/TagChip';
import {
  activeFilterCount,
  DEFAULT_FILTERS,
  type FilterState,
  PRIORITIES,
  PRIORITY_LABELS,
  SORT_FIELDS,
  type SortKey,
  type StatusFilter,
} from './filters';

export interface TagOption {
  id: string;
  name: string;
  color?: string | null;
}

const STATUS_TABS: { value: StatusFilter; label: string }[] = [
  { value: 'OPEN', label: 'Open' },
  { value: 'COMPLETED', label: 'Completed' },
  { value: 'ALL', label: 'All' },
  { value: 'TRASH', label: 'Trash' },
];

const MAX_SORT_KEYS = 3;

/** Debounces the search box; everything else applies at once. */
export const TaskFilters = forwardRef<
  HTMLInputElement,
  {
    value: FilterState;
    onChange: (next: FilterState) => void;
    tags: TagOption[];
    debounceMs?: number;
    defaultOpen?: boolean;
  }
>(function TaskFilters({ value, onChange, tags, debounceMs = 300, defaultOpen = false }, searchRef) {
  const id = useId();
  const [open, setOpen] = useState(defaultOpen);
  const [search, setSearch] = useState(value.search);
  const latest = useRef(value);
  latest.current = value;
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;

  // An outside change (reset, back button) replaces what is typed.
  const emitted = useRef(value.search);
  useEffect(() => {
    if (value.search !== emitted.current) {
      emitted.current = value.search;
      setSearch(value.search);
    }
  }, [value.search]);

  useEffect(() => {
    if (search === latest.current.search) return;
    const timer = setTimeout(() => {
      emitted.current = search;
      onChangeRef.current({ ...latest.current, search });
    }, debounceMs);
    return () => clearTimeout(timer);
  }, [search, debounceMs]);

  const set = (patch: Partial<FilterState>) => onChange({ ...value, ...patch });
  const togglePriority = (p: Priority) =>
    set({
      priorities: value.priorities.includes(p)
        ? value.priorities.filter((x) => x !== p)
        : [...value.priorities, p],
    });
  const toggleTag = (tagId: string) =>
    set({
      tagIds: value.tagIds.includes(tagId)
        ? value.tagIds.filter((x) => x !== tagId)
        : [...value.tagIds, tagId],
    });

  const setSort = (sort: SortKey[]) => set({ sort });
  const unusedField = () => SORT_FIELDS.find((f) => !value.sort.some((s) => s.field === f.value))?.value;

  const count = activeFilterCount(value);
  const tagName = (tagId: string) => tags.find((t) => t.id === tagId)?.name ?? 'Unknown tag';

  const chips: { key: string; label: string; remove: () => void }[] = [
    ...value.priorities.map((p) => ({
      key: `p-${p}`,
      label: `${PRIORITY_LABELS[p]} priority`,
      remove: () => togglePriority(p),
    })),
    ...value.tagIds.map((t) => ({ key: `t-${t}`, label: `Tag: ${tagName(t)}`, remove: () => toggleTag(t) })),
    ...(value.dueFrom || value.dueTo
      ? [
          {
            key: 'due',
            label: `Due ${value.dueFrom ? `from ${value.dueFrom}` : ''}${value.dueFrom && value.dueTo ? ' ' : ''}${value.dueTo ? `to ${value.dueTo}` : ''}`,
            remove: () => set({ dueFrom: '', dueTo: '' }),
          },
        ]
      : []),
    ...(value.overdue ? [{ key: 'overdue', label: 'Overdue', remove: () => set({ overdue: false }) }] : []),
  ];

  return (
    <div className="filters">
      <div className="filters-toolbar">
        <div className="search-box">
          <Icon name="search" className="search-icon" />
          <label htmlFor={`${id}-search`} className="sr-only">
            Search tasks
          </label>
          <input
            ref={searchRef}
            id={`${id}-search`}
            type="search"
            className="input search-input"
            placeholder="Search tasks…"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            autoComplete="off"
          />
          <kbd className="kbd search-kbd" title="Press / to search">
            /
          </kbd>
        </div>
        <button
          type="button"
          className={`button ${open ? 'is-active' : ''}`}
          aria-expanded={open}
          aria-controls={`${id}-panel`}
          onClick={() => setOpen(!open)}
        >
          <Icon name="filter" />
          <span className="button-label">Filters</span>
          {count ? (
            <span className="badge badge-accent">
              {count}
              <span className="sr-only"> active</span>
            </span>
          ) : null}
        </button>
      </div>

      <div className="status-tabs" role="radiogroup" aria-label="Status">
        {STATUS_TABS.map((tab) => (
          <label key={tab.value} className={`status-tab ${value.status === tab.value ? 'is-selected' : ''}`}>
            <input
              type="radio"
              name={`${id}-status`}
              value={tab.value}
              checked={value.status === tab.value}
              onChange={() => set({ status: tab.value })}
            />
            <span>{tab.label}</span>
          </label>
        ))}
      </div>

      {chips.length ? (
        <ul className="filter-chips" aria-label="Active filters">
          {chips.map((chip) => (
            <li key={chip.key}>
              <span className="filter-chip">
                {chip.label}
                <button
                  type="button"
                  className="filter-chip-remove"
                  aria-label={`Remove filter: ${chip.label}`}
                  onClick={chip.remove}
                >
                  <Icon name="x" size={12} />
                </button>
              </span>
            </li>
          ))}
        </ul>
      ) : null}

      <section id={`${id}-panel`} className="filter-panel" hidden={!open} aria-label="Filter and sort">
        <fieldset className="filter-group">
          <legend>Priority</legend>
          <div className="chip-row">
            {PRIORITIES.map((p) => (
              <label key={p} className={`toggle-chip priority-${p.toLowerCase()}`}>
                <input
                  type="checkbox"
                  checked={value.priorities.includes(p)}
                  onChange={() => togglePriority(p)}
                />
                <span>{PRIORITY_LABELS[p]}</span>
              </label>
            ))}
          </div>
        </fieldset>

        <fieldset className="filter-group">
          <legend>Tags</legend>
          {tags.length ? (
            <div className="chip-row">
              {tags.map((tag) => (
                <label key={tag.id} className="toggle-chip">
                  <input
                    type="checkbox"
                    checked={value.tagIds.includes(tag.id)}
                    onChange={() => toggleTag(tag.id)}
                  />
                  <TagLabel name={tag.name} color={tag.color} />
                </label>
              ))}
            </div>
          ) : (
            <p className="muted small">No tags yet.</p>
          )}
        </fieldset>

        <fieldset className="filter-group">
          <legend>Due</legend>
          <div className="due-range">
            <span className="inline-field">
              <label htmlFor={`${id}-from`}>Due from</label>
              <input
                id={`${id}-from`}
                type="date"
                className="input"
                value={value.dueFrom}
                max={value.dueTo || undefined}
                onChange={(e) => set({ dueFrom: e.target.value })}
              />
            </span>
            <span className="inline-field">
              <label htmlFor={`${id}-to`}>Due to</label>
              <input
                id={`${id}-to`}
                type="date"
                className="input"
                value={value.dueTo}
                min={value.dueFrom || undefined}
                onChange={(e) => set({ dueTo: e.target.value })}
              />
            </span>
          </div>
          <div className="chip-row">
            <button
              type="button"
              className="button button-sm"
              onClick={() => set({ dueFrom: todayInput(), dueTo: todayInput() })}
            >
              Today
            </button>
            <button
              type="button"
              className="button button-sm"
              onClick={() => set({ dueFrom: todayInput(), dueTo: todayInput(6) })}
            >
              Next 7 days
            </button>
            <label className="toggle-chip">
              <input
                type="checkbox"
                checked={value.overdue}
                onChange={(e) => set({ overdue: e.target.checked })}
              />
              <span>Overdue only</span>
            </label>
          </div>
        </fieldset>

        <fieldset className="filter-group">
          <legend>Sort</legend>
          <ol className="sort-keys">
            {value.sort.map((key, index) => (
              <li key={key.field} className="sort-key">
                <span className="sort-key-index" aria-hidden="true">
                  {index === 0 ? 'by' : 'then'}
                </span>
                <label className="sr-only" htmlFor={`${id}-sort-${index}`}>
                  Sort key {index + 1}
                </label>
                <select
                  id={`${id}-sort-${index}`}
                  className="input"
                  value={key.field}
                  onChange={(e) =>
                    setSort(
                      value.sort.map((s, i) =>
                        i === index ? { ...s, field: e.target.value as TaskOrderField } : s,
                      ),
                    )
                  }
                >
                  {SORT_FIELDS.filter(
                    (f) => f.value === key.field || !value.sort.some((s) => s.field === f.value),
                  ).map((f) => (
                    <option key={f.value} value={f.value}>
                      {f.label}
                    </option>
                  ))}
                </select>
                <button
                  type="button"
                  className="button button-sm"
                  aria-label={`Sort key ${index + 1} direction: ${key.direction === 'ASC' ? 'ascending' : 'descending'}`}
                  onClick={() =>
                    setSort(
                      value.sort.map((s, i) =>
                        i === index ? { ...s, direction: s.direction === 'ASC' ? 'DESC' : 'ASC' } : s,
                      ),
                    )
                  }
                >
                  <Icon name={key.direction === 'ASC' ? 'arrowUp' : 'arrowDown'} size={14} />
                  <span aria-hidden="true">{key.direction === 'ASC' ? 'Asc' : 'Desc'}</span>
                </button>
                {value.sort.length > 1 ? (
                  <button
                    type="button"
                    className="icon-button icon-button-sm"
                    aria-label={`Remove sort key ${index + 1}`}
                    onClick={() => setSort(value.sort.filter((_, i) => i !== index))}
                  >
                    <Icon name="x" size={14} />
                  </button>
                ) : null}
              </li>
            ))}
          </ol>
          {value.sort.length < MAX_SORT_KEYS ? (
            <button
              type="button"
              className="button button-sm button-ghost"
              onClick={() => {
                const field = unusedField();
                if (field) setSort([...value.sort, { field, direction: 'ASC' }]);
              }}
            >
              <Icon name="plus" size={14} />
              Add sort key
            </button>
          ) : null}
        </fieldset>

        <div className="filter-panel-footer">
          <button
            type="button"
            className="button button-sm button-ghost"
            onClick={() => {
              setSearch('');
              emitted.current = '';
              onChange(DEFAULT_FILTERS);
            }}
          >
            Reset filters
          </button>
        </div>
      </section>
    </div>
  );
});
