import type {
  Priority,
  SortDirection,
  TaskFilter,
  TaskOrder,
  TaskOrderField,
  TaskStatus,
} from '../../gql/graphql';
import { startOfLocalDay } from '../../lib/datetime';

export const PRIORITIES: Priority[] = ['LOW', 'MEDIUM', 'HIGH', 'URGENT'];
export const PRIORITY_LABELS: Record<Priority, string> = {
  LOW: 'Low',
  MEDIUM: 'Medium',
  HIGH: 'High',
  URGENT: 'Urgent',
};

export const SORT_FIELDS: { value: TaskOrderField; label: string }[] = [
  { value: 'CREATED_AT', label: 'Created' },
  { value: 'DUE_AT', label: 'Due date' },
  { value: 'PRIORITY', label: 'Priority' },
  { value: 'UPDATED_AT', label: 'Last updated' },
  { value: 'TITLE', label: 'Title' },
];

export type StatusFilter = 'ALL' | TaskStatus | 'TRASH';

export interface SortKey {
  field: TaskOrderField;
  direction: SortDirection;
}

/** What the filter panel shows; `toVariables` turns it into the `tasks` arguments. */
export interface FilterState {
  search: string;
  status: StatusFilter;
  priorities: Priority[];
  tagIds: string[];
  /** `YYYY-MM-DD` local days, inclusive. */
  dueFrom: string;
  dueTo: string;
  overdue: boolean;
  sort: SortKey[];
}

export const DEFAULT_SORT: SortKey[] = [{ field: 'CREATED_AT', direction: 'DESC' }];

export const DEFAULT_FILTERS: FilterState = {
  search: '',
  status: 'OPEN',
  priorities: [],
  tagIds: [],
  dueFrom: '',
  dueTo: '',
  overdue: false,
  sort: DEFAULT_SORT,
};

export interface TaskListVariables {
  filter: TaskFilter;
  orderBy: TaskOrder[];
}

/** The `filter` and `orderBy` arguments of `tasks` (due days are local days in the user's zone). */
export function toVariables(state: FilterState): TaskListVariables {
  const filter: TaskFilter = {};
  const search = state.search.trim();
  if (search) filter.search = search;
  if (state.status === 'OPEN' || state.status === 'COMPLETED') filter.status = state.status;
  if (state.status === 'TRASH') filter.onlyDeleted = true;
  if (state.priorities.length) filter.priorities = PRIORITIES.filter((p) => state.priorities.includes(p));
  if (state.tagIds.length) filter.tagIds = [...state.tagIds];
  const after = state.dueFrom ? startOfLocalDay(state.dueFrom) : null;
  const before = state.dueTo ? startOfLocalDay(state.dueTo, 1) : null;
  if (after) filter.dueAfter = after;
  if (before) filter.dueBefore = before;
  if (state.overdue) filter.overdue = true;
  const orderBy = (state.sort.length ? state.sort : DEFAULT_SORT).map(({ field, direction }) => ({
    field,
    direction,
  }));
  return { filter, orderBy };
}

/** How many filters differ from the defaults (for the "Filters" button badge). */
export function activeFilterCount(state: FilterState): number {
  return (
    (state.status !== DEFAULT_FILTERS.status ? 1 : 0) +
    (state.priorities.length ? 1 : 0) +
    (state.tagIds.length ? 1 : 0) +
    (state.dueFrom || state.dueTo ? 1 : 0) +
    (state.overdue ? 1 : 0)
  );
}

const STATUSES: StatusFilter[] = ['ALL', 'OPEN', 'COMPLETED', 'TRASH'];
const FIELDS = SORT_FIELDS.map((f) => f.value);
const isDate = (v: string | null): v is string => !!v && /^\d{4}-\d{2}-\d{2}$/.test(v);

/** Filters live in the URL (`#/tasks?q=…&status=…`) so reloads and links keep them. */
export function fromParams(params: URLSearchParams): FilterState {
  const list = (key: string) => (params.get(key) ?? '').split(',').filter(Boolean);
  const status = params.get('status') as StatusFilter | null;
  const sort = list('sort')
    .map((item) => {
      const [field, direction] = item.split('.');
      return { field, direction } as SortKey;
    })
    .filter((s) => FIELDS.includes(s.field) && (s.direction === 'ASC' || s.direction === 'DESC'));
  return {
    search: params.get('q') ?? '',
    status: status && STATUSES.includes(status) ? status : DEFAULT_FILTERS.status,
    priorities: list('priority').filter((p): p is Priority => (PRIORITIES as string[]).includes(p)),
    tagIds: list('tags'),
    dueFrom: isDate(params.get('from')) ? params.get('from')! : '',
    dueTo: isDate(params.get('to')) ? params.get('to')! : '',
    overdue: params.get('overdue') === '1',
    sort: sort.length ? sort : DEFAULT_SORT,
  };
}

export function toParams(state: FilterState): URLSearchParams {
  const params = new URLSearchParams();
  if (state.search) params.set('q', state.search);
  if (state.status !== DEFAULT_FILTERS.status) params.set('status', state.status);
  if (state.priorities.length) params.set('priority', state.priorities.join(','));
  if (state.tagIds.length) params.set('tags', state.tagIds.join(','));
  if (state.dueFrom) params.set('from', state.dueFrom);
  if (state.dueTo) params.set('to', state.dueTo);
  if (state.overdue) params.set('overdue', '1');
  const sort = state.sort.map((s) => `${s.field}.${s.direction}`).join(',');
  if (sort !== DEFAULT_SORT.map((s) => `${s.field}.${s.direction}`).join(',')) params.set('sort', sort);
  return params;
}
