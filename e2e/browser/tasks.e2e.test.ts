import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type AppPage,
  api,
  type BrowserStack,
  openApp,
  screenshotOnFailure,
  signUpInApp,
  startBrowserStack,
  taskRow,
} from './support.js';

/**
 * The task screens in Chromium against the real gateway and subgraphs: sign up, create (quick add
 * and the editor), edit, tag, complete, delete and restore, search and filter.
 */
let env: BrowserStack;
let app: AppPage;
let page: Page;
let token: string;

beforeAll(async () => {
  env = await startBrowserStack();
  app = await openApp(env);
  page = app.page;
});

beforeEach((context) => screenshotOnFailure(context, () => page));

afterAll(async () => {
  await env?.close();
});

const dialog = () => page.getByRole('dialog');

/** Opens the filter panel (the button's name carries the count of active filters). */
async function openFilters() {
  const button = page.getByRole('button', { name: /^Filters/ });
  if ((await button.getAttribute('aria-expanded')) !== 'true') await button.click();
  return page.getByRole('region', { name: 'Filter and sort' });
}

describe('tasks in the browser', () => {
  it('signs up and lands on an empty task list', async () => {
    await signUpInApp(page, 'Grace Hopper');
    await page.getByText('No tasks yet').waitFor();
    token = (await page.evaluate("localStorage.getItem('taskflow.token')")) as string;
    expect(token).toMatch(/^ey/);
  });

  it('adds a task with the quick-add field', async () => {
    await page.getByLabel('Quick add a task').fill('Buy milk');
    await page.getByLabel('Quick add a task').press('Enter');
    await taskRow(page, 'Buy milk').waitFor();
    await page.getByText('1 task', { exact: true }).waitFor();
  });

  it('creates a fully specified task in the editor opened with “n”', async () => {
    await page.getByLabel('Quick add a task').blur();
    await page.keyboard.press('n');
    await dialog().getByRole('heading', { name: 'New task' }).waitFor();
    // Focus lands in the title.
    expect(await page.evaluate('document.activeElement?.getAttribute("placeholder")')).toBe(
      'What needs doing?',
    );
    await page.keyboard.type('Prepare the quarterly report');
    await dialog().getByLabel('Description').fill('Numbers from finance, <b>charts</b> for the board');
    await dialog().getByRole('radio', { name: 'High' }).check();
    await dialog().getByLabel('Due date').fill('2027-06-01');
    await dialog().getByLabel('Due time').fill('09:30');
    await dialog().getByLabel('New tag name').fill('work');
    await dialog().getByRole('button', { name: 'Add tag' }).click();
    await expect(dialog().getByRole('checkbox', { name: 'work' }).isChecked()).resolves.toBe(true);
    await dialog().getByLabel('Repeats').selectOption({ label: 'Monthly on a weekday (e.g. 2nd Tuesday)' });
    await dialog().getByRole('button', { name: 'Add task' }).click();
    await dialog().waitFor({ state: 'detached' });

    const row = taskRow(page, 'Prepare the quarterly report');
    await row.waitFor();
    // What the server says about the rule (Recurrence.text), the due date in Berlin time, the tag.
    await row.getByText('every month on the 1st Tuesday').waitFor();
    await row.getByText('Jun 1, 2027, 09:30 AM').waitFor();
    await row.getByText('work', { exact: true }).waitFor();
    await row.getByText('High').waitFor();
    // User text is rendered as text, never as markup.
    await row.getByText('Numbers from finance, <b>charts</b> for the board').waitFor();
  });

  it('shows the next five occurrences from the server, then edits and retags', async () => {
    await page.getByRole('button', { name: 'Edit “Prepare the quarterly report”' }).click();
    await dialog().getByRole('heading', { name: 'Edit task' }).waitFor();
    await dialog().getByText('every month on the 1st Tuesday').waitFor();
    const next = dialog().getByRole('list', { name: /^Next \d/ });
    await expect(next.getByRole('listitem').count()).resolves.toBe(5);

    await dialog().getByLabel('Title').fill('Prepare the Q2 report');
    await dialog().getByRole('checkbox', { name: 'work' }).uncheck();
    await dialog().getByLabel('New tag name').fill('finance');
    await dialog().getByLabel('New tag name').press('Enter');
    await dialog().getByRole('radio', { name: 'Urgent' }).check();
    await dialog().getByRole('button', { name: 'Save' }).click();
    await dialog().waitFor({ state: 'detached' });

    const row = taskRow(page, 'Prepare the Q2 report');
    await row.getByText('finance', { exact: true }).waitFor();
    await row.getByText('Urgent').waitFor();
    await expect(row.getByText('work', { exact: true }).count()).resolves.toBe(0);
    await expect(taskRow(page, 'Prepare the quarterly report').count()).resolves.toBe(0);
  });

  it('Escape closes the editor without saving and gives focus back', async () => {
    const opener = page.getByRole('button', { name: 'New task' });
    await opener.click();
    await dialog().getByLabel('Title').fill('Never saved');
    await page.keyboard.press('Escape');
    await dialog().waitFor({ state: 'detached' });
    expect(await page.evaluate('document.activeElement?.textContent')).toContain('New task');
    await expect(taskRow(page, 'Never saved').count()).resolves.toBe(0);
  });

  it('completes and reopens a task', async () => {
    await page.getByRole('checkbox', { name: 'Complete “Buy milk”' }).check();
    // The open list drops it; the completed list has it, ticked.
    await taskRow(page, 'Buy milk').waitFor({ state: 'detached' });
    await page.getByRole('radio', { name: 'Completed' }).check();
    const done = page.getByRole('checkbox', { name: 'Reopen “Buy milk”' });
    await done.waitFor();
    expect(await done.isChecked()).toBe(true);
    await done.uncheck();
    await taskRow(page, 'Buy milk').waitFor({ state: 'detached' });
    await page.getByRole('radio', { name: 'Open' }).check();
    await taskRow(page, 'Buy milk').waitFor();
  });

  it('deletes a task (undo restores it) and restores it from the trash', async () => {
    await page.getByRole('button', { name: 'Delete “Buy milk”' }).click();
    await taskRow(page, 'Buy milk').waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Undo' }).click();
    await taskRow(page, 'Buy milk').waitFor();

    await page.getByRole('button', { name: 'Delete “Buy milk”' }).click();
    await taskRow(page, 'Buy milk').waitFor({ state: 'detached' });
    await page.getByRole('radio', { name: 'Trash' }).check();
    await page.getByRole('button', { name: 'Restore “Buy milk”' }).click();
    await taskRow(page, 'Buy milk').waitFor({ state: 'detached' });
    await page.getByRole('radio', { name: 'Open' }).check();
    await taskRow(page, 'Buy milk').waitFor();
  });

  it('searches (debounced, prefix matching) and filters by priority, tag and overdue', async () => {
    const { createTag } = await api<{ createTag: { id: string } }>(
      env,
      token,
      'mutation ($input: CreateTagInput!) { createTag(input: $input) { id } }',
      { input: { name: 'errands', color: '#f97316' } },
    );
    const create = (input: Record<string, unknown>) =>
      api(env, token, 'mutation ($input: CreateTaskInput!) { createTask(input: $input) { id } }', { input });
    await create({
      title: 'Renew passport',
      priority: 'URGENT',
      tagIds: [createTag.id],
      dueAt: '2020-01-01T10:00:00Z',
    });
    await create({ title: 'Water the plants', priority: 'LOW' });
    await create({ title: 'Pay the electricity bill', priority: 'HIGH', tagIds: [createTag.id] });
    await page.reload();
    await taskRow(page, 'Renew passport').waitFor();

    const search = page.getByRole('searchbox', { name: 'Search tasks' });
    await search.fill('passp');
    await taskRow(page, 'Water the plants').waitFor({ state: 'detached' });
    await page.getByText('1 task', { exact: true }).waitFor();
    await taskRow(page, 'Renew passport').waitFor();
    await search.fill('');
    await taskRow(page, 'Water the plants').waitFor();

    const panel = await openFilters();
    await panel.getByRole('checkbox', { name: 'High' }).check();
    await taskRow(page, 'Water the plants').waitFor({ state: 'detached' });
    await page.getByText('1 task', { exact: true }).waitFor();
    await taskRow(page, 'Pay the electricity bill').waitFor();

    await panel.getByRole('checkbox', { name: 'Urgent' }).check();
    await panel.getByRole('checkbox', { name: 'errands' }).check();
    await page.getByText('2 tasks', { exact: true }).waitFor();
    await panel.getByRole('checkbox', { name: 'Overdue only' }).check();
    await page.getByText('1 task', { exact: true }).waitFor();
    await taskRow(page, 'Renew passport').waitFor();

    // Filters live in the address: a reload keeps them.
    expect(new URL(page.url()).hash).toContain('overdue=1');
    await page.reload();
    await page.getByText('1 task', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Remove filter: Overdue' }).click();
    await page.getByText('2 tasks', { exact: true }).waitFor();
    await (await openFilters()).getByRole('button', { name: 'Reset filters' }).click();
    await page.getByText('5 tasks', { exact: true }).waitFor();
  });

  it('sorts by several keys', async () => {
    const firstRow = (title: string) =>
      page.waitForFunction(
        `document.querySelector('[aria-label=Tasks] li')?.getAttribute('aria-label') === ${JSON.stringify(title)}`,
      );
    const panel = await openFilters();
    // Priority, highest first: two urgent tasks, then by title.
    await panel.getByLabel('Sort key 1', { exact: true }).selectOption({ label: 'Priority' });
    await panel.getByRole('button', { name: 'Add sort key' }).click();
    await panel.getByLabel('Sort key 2', { exact: true }).selectOption({ label: 'Title' });
    await firstRow('Prepare the Q2 report');
    await panel.getByRole('button', { name: /^Sort key 2 direction/ }).click();
    await firstRow('Renew passport');
    await panel.getByRole('button', { name: /^Sort key 1 direction/ }).click();
    await firstRow('Water the plants');
    expect(new URL(page.url()).hash).toContain('sort=PRIORITY.ASC%2CTITLE.DESC');
  });

  it('had no uncaught errors', () => {
    expect(app.errors).toEqual([]);
  });
});
