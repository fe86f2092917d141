import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, userEvent, waitFor } from '../../test/utils';
import { DEFAULT_FILTERS, type FilterState, fromParams, toParams, toVariables } from './filters';
import { TaskFilters } from './TaskFilters';

const tags = [
  { id: 'tag-home', name: 'home', color: '#22c55e' },
  { id: 'tag-work', name: 'work', color: '#3b82f6' },
];

/** The filters as the page uses them: controlled, each change becomes the `tasks` variables. */
function Harness({ initial, onChange }: { initial: FilterState; onChange: (next: FilterState) => void }) {
  const [state, setState] = useState(initial);
  return (
    <TaskFilters
      value={state}
      debounceMs={200}
      tags={tags}
      onChange={(next) => {
        onChange(next);
        setState(next);
      }}
    />
  );
}

function setup(initial: FilterState = DEFAULT_FILTERS) {
  const onVariables = vi.fn();
  const changes: FilterState[] = [];
  render(
    <Harness
      initial={initial}
      onChange={(next) => {
        changes.push(next);
        onVariables(toVariables(next));
      }}
    />,
  );
  const user = userEvent.setup();
  const variables = () => onVariables.mock.lastCall?.[0];
  const openPanel = () => user.click(screen.getByRole('button', { name: /^Filters/ }));
  return { user, variables, changes, openPanel };
}

describe('TaskFilters → tasks(filter, orderBy)', () => {
  it('defaults to open tasks, newest first', () => {
    expect(toVariables(DEFAULT_FILTERS)).toEqual({
      filter: { status: 'OPEN' },
      orderBy: [{ field: 'CREATED_AT', direction: 'DESC' }],
    });
  });

  it('debounces the search: one change after typing stops', async () => {
    const { user, variables, changes } = setup();
    await user.type(screen.getByRole('searchbox', { name: 'Search tasks' }), 'quarterly report');
    await waitFor(() => expect(changes).toHaveLength(1));
    expect(variables().filter).toEqual({ search: 'quarterly report', status: 'OPEN' });
  });

  it('status: completed, everything, or only the trash', async () => {
    const { user, variables } = setup();
    await user.click(screen.getByRole('radio', { name: 'Completed' }));
    expect(variables().filter).toEqual({ status: 'COMPLETED' });
    await user.click(screen.getByRole('radio', { name: 'All' }));
    expect(variables().filter).toEqual({});
    await user.click(screen.getByRole('radio', { name: 'Trash' }));
    expect(variables().filter).toEqual({ onlyDeleted: true });
  });

  it('priorities (in their order) and tags (all of them)', async () => {
    const { user, variables, openPanel } = setup();
    await openPanel();
    await user.click(screen.getByRole('checkbox', { name: 'Urgent' }));
    await user.click(screen.getByRole('checkbox', { name: 'High' }));
    await user.click(screen.getByRole('checkbox', { name: 'work' }));
    await user.click(screen.getByRole('checkbox', { name: 'home' }));
    expect(variables().filter).toEqual({
      status: 'OPEN',
      priorities: ['HIGH', 'URGENT'],
      tagIds: ['tag-work', 'tag-home'],
    });
    // An active filter shows as a chip that removes it.
    await user.click(screen.getByRole('button', { name: 'Remove filter: Urgent priority' }));
    expect(variables().filter.priorities).toEqual(['HIGH']);
  });

  it('due range as local days (from midnight to the next midnight) and overdue', async () => {
    const { user, variables, openPanel } = setup();
    await openPanel();
    fireEvent.change(screen.getByLabelText('Due from'), { target: { value: '2026-03-01' } });
    fireEvent.change(screen.getByLabelText('Due to'), { target: { value: '2026-03-31' } });
    await user.click(screen.getByRole('checkbox', { name: 'Overdue only' }));
    expect(variables().filter).toEqual({
      status: 'OPEN',
      dueAfter: '2026-02-28T23:00:00.000Z', // 1 March 00:00 in Berlin (UTC+1)
      dueBefore: '2026-03-31T22:00:00.000Z', // 1 April 00:00 in Berlin (UTC+2 from 29 March)
      overdue: true,
    });
  });

  it('multi-key sort: change, flip and add keys in order', async () => {
    const { user, variables, openPanel } = setup();
    await openPanel();
    await user.selectOptions(screen.getByLabelText('Sort key 1'), 'Due date');
    await user.click(screen.getByRole('button', { name: /^Sort key 1 direction/ }));
    expect(variables().orderBy).toEqual([{ field: 'DUE_AT', direction: 'ASC' }]);
    await user.click(screen.getByRole('button', { name: 'Add sort key' }));
    await user.selectOptions(screen.getByLabelText('Sort key 2'), 'Priority');
    await user.click(screen.getByRole('button', { name: /^Sort key 2 direction/ }));
    expect(variables().orderBy).toEqual([
      { field: 'DUE_AT', direction: 'ASC' },
      { field: 'PRIORITY', direction: 'DESC' },
    ]);
    await user.click(screen.getByRole('button', { name: 'Remove sort key 1' }));
    expect(variables().orderBy).toEqual([{ field: 'PRIORITY', direction: 'DESC' }]);
  });

  it('reset brings the defaults back', async () => {
    const { user, variables, openPanel } = setup({ ...DEFAULT_FILTERS, priorities: ['LOW'], overdue: true });
    await openPanel();
    await user.click(screen.getByRole('button', { name: 'Reset filters' }));
    expect(variables()).toEqual(toVariables(DEFAULT_FILTERS));
  });

  it('filters survive the URL round trip', () => {
    const state: FilterState = {
      search: 'tax',
      status: 'ALL',
      priorities: ['HIGH'],
      tagIds: ['a', 'b'],
      dueFrom: '2026-01-01',
      dueTo: '2026-01-31',
      overdue: true,
      sort: [
        { field: 'PRIORITY', direction: 'DESC' },
        { field: 'TITLE', direction: 'ASC' },
      ],
    };
    expect(fromParams(toParams(state))).toEqual(state);
    expect(fromParams(new URLSearchParams('status=bogus&priority=NOPE&sort=X.Y'))).toEqual(DEFAULT_FILTERS);
  });
});
