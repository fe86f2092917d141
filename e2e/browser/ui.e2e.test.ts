import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Persona } from '../support/client.js';
import {
  type AppPage,
  api,
  type BrowserStack,
  evaluate,
  newPersona,
  openApp,
  screenshot,
  screenshotOnFailure,
  socketAcknowledged,
  startBrowserStack,
  taskRow,
} from './support.js';

/**
 * Look and reach: dark mode, a phone-sized viewport, the keyboard, the connection banner,
 * GraphiQL, and screenshots of the main screens in both themes (e2e/screenshots/).
 */
let env: BrowserStack;
let user: Persona;
let current: Page | undefined;
const opened: AppPage[] = [];

const DAY = 86_400_000;
const inDays = (days: number, hour = 9) => {
  const date = new Date(Date.now() + days * DAY);
  date.setUTCHours(hour, 0, 0, 0);
  return date.toISOString();
};

async function open(options: Parameters<typeof openApp>[1] = {}) {
  const app = await openApp(env, { token: user.token, ...options });
  opened.push(app);
  current = app.page;
  return app;
}

beforeAll(async () => {
  env = await startBrowserStack();
  user = await newPersona(env, 'Ada Lovelace');
  const tag = async (name: string, color: string) =>
    (
      await api<{ createTag: { id: string } }>(
        env,
        user.token,
        'mutation ($input: CreateTagInput!) { createTag(input: $input) { id } }',
        { input: { name, color } },
      )
    ).createTag.id;
  const [work, home, errands] = [
    await tag('work', '#3b82f6'),
    await tag('home', '#22c55e'),
    await tag('errands', '#f97316'),
  ];
  const tasks = [
    { title: 'Send the invoice to Babbage & Co.', priority: 'LOW', tagIds: [work] },
    { title: 'Renew passport', priority: 'URGENT', dueAt: inDays(-2), tagIds: [errands] },
    {
      title: 'Pay the electricity bill',
      priority: 'HIGH',
      dueAt: inDays(5, 17),
      tagIds: [home],
      recurrence: { rule: 'FREQ=MONTHLY;BYDAY=2TU', timezone: 'Europe/Berlin' },
    },
    {
      title: 'Water the plants',
      dueAt: inDays(1, 7),
      tagIds: [home],
      recurrence: { rule: 'FREQ=WEEKLY;BYDAY=MO,TH', timezone: 'Europe/Berlin' },
    },
    {
      title: 'Prepare the quarterly report',
      description: 'Numbers from finance, charts for the board',
      priority: 'HIGH',
      dueAt: inDays(1, 15),
      tagIds: [work],
    },
  ];
  for (const input of tasks) {
    await api(env, user.token, 'mutation ($input: CreateTaskInput!) { createTask(input: $input) { id } }', {
      input,
    });
  }
});

afterAll(async () => {
  await env?.close();
});

beforeEach((context) => screenshotOnFailure(context, () => current));

const theme = (page: Page) => evaluate<string>(page, 'document.documentElement.dataset.theme');

describe('dark mode', () => {
  it('follows the system until toggled, then keeps the choice across reloads', async () => {
    const { page } = await open({ colorScheme: 'dark' });
    await taskRow(page, 'Renew passport').waitFor();
    expect(await theme(page)).toBe('dark');

    const toggle = page.getByRole('button', { name: 'Dark mode' });
    expect(await toggle.getAttribute('aria-pressed')).toBe('true');
    await toggle.click();
    expect(await theme(page)).toBe('light');
    expect(await toggle.getAttribute('aria-pressed')).toBe('false');
    await page.reload();
    await taskRow(page, 'Renew passport').waitFor();
    expect(await theme(page)).toBe('light');
    // Back to following the system, from the account menu.
    await page.getByRole('button', { name: /^Account/ }).click();
    await page.getByRole('radio', { name: 'System' }).check();
    expect(await evaluate(page, "localStorage.getItem('taskflow.theme')")).toBeNull();
    expect(await theme(page)).toBe('dark');
  });
});

describe('a 390×844 phone', () => {
  it('has no horizontal scroll and every main control within reach', async () => {
    const { page, errors } = await open({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    });
    await taskRow(page, 'Renew passport').waitFor();
    const fits = () => evaluate<boolean>(page, 'document.documentElement.scrollWidth <= window.innerWidth');
    expect(await fits()).toBe(true);

    const inView = async (name: string | RegExp, role: 'button' | 'link' | 'searchbox' = 'button') => {
      const box = await page.getByRole(role, { name }).boundingBox();
      expect(box, `${String(name)} is laid out`).not.toBeNull();
      expect(box!.x >= 0 && box!.x + box!.width <= 390 && box!.y >= 0 && box!.y + box!.height <= 844).toBe(
        true,
      );
    };
    await inView('New task');
    await inView(/^Filters/);
    await inView('Search tasks', 'searchbox');
    await inView('Dark mode');
    await inView(/^Notifications/);
    await inView(/^Account/);
    for (const link of ['Tasks', 'Tags', 'Activity', 'API keys']) await inView(link, 'link');

    await page.getByRole('button', { name: /^Filters/ }).click();
    expect(await fits()).toBe(true);
    await page.getByRole('button', { name: /^Filters/ }).click();

    await page.getByLabel('Quick add a task').fill('Tap to finish me');
    await page.getByLabel('Quick add a task').press('Enter');
    await page.getByRole('checkbox', { name: 'Complete “Tap to finish me”' }).tap();
    await taskRow(page, 'Tap to finish me').waitFor({ state: 'detached' });

    // The editor of a repeating task (its widest form) fits too.
    await page.getByRole('button', { name: 'Edit “Pay the electricity bill”' }).tap();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('list', { name: /^Next \d/ }).waitFor();
    const box = await dialog.boundingBox();
    expect(box!.width).toBeLessThanOrEqual(390);
    expect(
      await evaluate<boolean>(
        page,
        '[...document.querySelectorAll("[role=dialog] *")].every((e) => e.getBoundingClientRect().right <= innerWidth + 1)',
      ),
    ).toBe(true);
    expect(await fits()).toBe(true);
    await screenshot(page, 'phone-editor-light');
    await dialog.getByRole('button', { name: 'Close' }).tap();

    await page.getByRole('link', { name: 'Tags' }).tap();
    await page.getByRole('heading', { name: 'Tags' }).waitFor();
    expect(await fits()).toBe(true);
    expect(errors).toEqual([]);
  });
});

describe('keyboard', () => {
  it('“/” finds, “n” adds, Escape closes, Tab stays inside the dialog', async () => {
    const { page } = await open();
    await taskRow(page, 'Renew passport').waitFor();
    await page.keyboard.press('/');
    expect(await evaluate(page, 'document.activeElement?.getAttribute("type")')).toBe('search');
    await page.keyboard.press('Escape');
    await page.getByRole('searchbox').blur();

    await page.keyboard.press('n');
    const dialog = page.getByRole('dialog', { name: 'New task' });
    await dialog.waitFor();
    for (let i = 0; i < 40; i++) await page.keyboard.press('Tab');
    expect(await evaluate(page, '!!document.activeElement?.closest("[role=dialog]")')).toBe(true);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });
});

describe('connection', () => {
  it('says when the connection is lost and when it is back', async () => {
    const { page, context } = await open();
    await taskRow(page, 'Renew passport').waitFor();
    await context.setOffline(true);
    await page.getByRole('alert').getByText('Connection lost.').waitFor();
    await screenshot(page, 'connection-lost-light');
    await context.setOffline(false);
    await page.getByRole('status').getByText('Back online.').waitFor();
  });
});

describe('history', () => {
  it('shows a task’s audit trail in its editor', async () => {
    const { page, errors } = await open();
    await page.getByRole('button', { name: 'Edit “Prepare the quarterly report”' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'History' }).click();
    await dialog.getByText('created the task').waitFor();
    expect(errors).toEqual([]);
  });
});

describe('notifications', () => {
  it('ring the bell live when a reminder fires; marking one read clears the count', async () => {
    const persona = await newPersona(env, 'Bell Ringer');
    const { createTask } = await api<{ createTask: { id: string } }>(
      env,
      persona.token,
      'mutation { createTask(input: { title: "Call the plumber" }) { id } }',
    );
    const app = await openApp(env, { token: persona.token });
    opened.push(app);
    current = app.page;
    const { page } = app;
    await page.getByRole('button', { name: 'Notifications', exact: true }).waitFor();
    await api(
      env,
      persona.token,
      'mutation ($taskId: ID!, $input: ReminderInput!) { addReminder(taskId: $taskId, input: $input) { id } }',
      {
        taskId: createTask.id,
        input: { remindAt: new Date(Date.now() + 2_000).toISOString() },
      },
    );

    const bell = page.getByRole('button', { name: 'Notifications, 1 unread' });
    await bell.waitFor({ timeout: 10_000 });
    await bell.click();
    await page.getByText('Call the plumber ·').waitFor();
    await page.getByRole('button', { name: /^Mark “.+” as read$/ }).click();
    await page.getByRole('button', { name: 'Notifications', exact: true }).waitFor({ timeout: 3_000 });
    expect(app.errors).toEqual([]);
  });
});

describe('GraphiQL', () => {
  it('runs a query and a live subscription at /graphiql with the app’s token', async () => {
    const { page } = await open({ path: '/graphiql' });
    await page.locator('.graphiql-query-editor .CodeMirror').waitFor();
    // Typed as a user would (GraphiQL derives the operation name from the edit).
    const setQuery = async (query: string) => {
      await page.locator('.graphiql-query-editor .CodeMirror').click();
      await page.keyboard.press('Control+A');
      await page.keyboard.insertText(query);
      await page.waitForTimeout(400);
    };
    const response = () =>
      evaluate<string>(
        page,
        "document.querySelector('.graphiql-response .CodeMirror')?.CodeMirror.getValue() ?? ''",
      );

    await setQuery('query Me { me { email name } }');
    await page.getByRole('button', { name: /^Execute query/ }).click();
    await page.waitForFunction(
      `(document.querySelector('.graphiql-response .CodeMirror')?.CodeMirror.getValue() ?? '').includes(${JSON.stringify(user.email)})`,
    );
    expect(JSON.parse(await response())).toEqual({
      data: { me: { email: user.email, name: 'Ada Lovelace' } },
    });

    await setQuery('subscription Live { taskChanged { kind task { title } } }');
    const acknowledged = socketAcknowledged(page);
    await page.getByRole('button', { name: /^Execute query/ }).click();
    expect(await acknowledged).toBe(true);
    await page.waitForTimeout(300);
    await api(env, user.token, 'mutation { createTask(input: { title: "Seen in GraphiQL" }) { id } }');
    await page.waitForFunction(
      "(document.querySelector('.graphiql-response .CodeMirror')?.CodeMirror.getValue() ?? '').includes('Seen in GraphiQL')",
    );
  });
});

describe('screenshots', () => {
  it('of the main screens, light and dark (e2e/screenshots/)', async () => {
    // No stored preference: the theme follows the (emulated) system setting, switched per shot.
    const shoot = async (page: Page, name: string) => {
      for (const mode of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: mode });
        await page.waitForFunction(`document.documentElement.dataset.theme === '${mode}'`);
        await screenshot(page, `${name}-${mode}`);
      }
    };
    const { page, errors } = await open();
    await taskRow(page, 'Renew passport').waitFor();
    await shoot(page, 'tasks');

    await page.getByRole('button', { name: 'Edit “Pay the electricity bill”' }).click();
    await page
      .getByRole('dialog')
      .getByRole('list', { name: /^Next \d/ })
      .waitFor();
    await shoot(page, 'editor');
    await page.keyboard.press('Escape');

    await page.getByRole('link', { name: 'Tags' }).click();
    await page.getByRole('list', { name: 'Tags' }).waitFor();
    await shoot(page, 'tags');

    await page.getByRole('link', { name: 'API keys' }).click();
    await page.getByLabel('Key name').fill('Calendar sync');
    await page.getByRole('button', { name: 'Create key' }).click();
    expect(await page.getByRole('dialog').getByRole('textbox').inputValue()).toMatch(/^tf_/);
    await shoot(page, 'api-key-created');
    await page.getByRole('button', { name: 'Done' }).click();

    await page.getByRole('link', { name: 'Activity' }).click();
    await page.getByRole('heading', { name: 'Activity' }).waitFor();
    await page.getByRole('list', { name: 'Activity' }).waitFor();
    await shoot(page, 'activity');

    const phone = await open({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await taskRow(phone.page, 'Renew passport').waitFor();
    await shoot(phone.page, 'phone-tasks');

    const signedOut = await openApp(env, { path: '/#/signin' });
    opened.push(signedOut);
    await signedOut.page.getByRole('button', { name: 'Sign in' }).waitFor();
    await shoot(signedOut.page, 'sign-in');
    expect([...errors, ...phone.errors, ...signedOut.errors]).toEqual([]);
    current = page;
  });
});
