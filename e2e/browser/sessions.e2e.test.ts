import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Persona, signUp } from '../support/client.js';
import { type Stack, startStack } from '../support/stack.js';
import {
  type AppPage,
  api,
  type BrowserStack,
  newPersona,
  openApp,
  PERSONA_PASSWORD,
  screenshotOnFailure,
  signInInApp,
  signUpInApp,
  socketAcknowledged,
  startBrowserStack,
  taskRow,
} from './support.js';

/**
 * Two browsers as one user (changes reach the other), another user (sees none of it), and a
 * session that ends while a draft is being typed (sign in again, the draft is still there).
 */
let env: BrowserStack;
let owner: Persona;
let first: AppPage;
let second: AppPage;
let current: AppPage | undefined;

// A second system whose access tokens live 3 seconds (15 minutes by default), started alongside.
let shortStack: Promise<Stack>;
/**
 * Short enough to expire within the test, long enough that a loaded machine (CI runs every suite at
 * once) can still use a token before it lapses.
 */
const SHORT_TTL_SECONDS = 5;

beforeAll(async () => {
  shortStack = startStack(
    {},
    { only: { accounts: { ACCESS_TOKEN_TTL_SECONDS: String(SHORT_TTL_SECONDS) } } },
  );
  env = await startBrowserStack();
  owner = await newPersona(env, 'Owner');
});

afterAll(async () => {
  await env?.close();
  await (await shortStack?.catch(() => undefined))?.stop();
});

beforeEach((context) => screenshotOnFailure(context, () => current?.page));

describe('one user, two browsers', () => {
  it('the second browser signs in with the form', async () => {
    first = await openApp(env, { token: owner.token });
    await first.page.getByText('No tasks yet').waitFor();
    second = await openApp(env, { path: '/#/signin' });
    current = second;
    const acknowledged = socketAcknowledged(second.page);
    await signInInApp(second.page, owner.email, PERSONA_PASSWORD);
    await second.page.getByText('No tasks yet').waitFor();
    expect(await acknowledged).toBe(true);
  });

  it('sees a task the first one creates, then its completion', async () => {
    current = first;
    await first.page.getByLabel('Quick add a task').fill('Shared groceries');
    await first.page.getByLabel('Quick add a task').press('Enter');
    await taskRow(first.page, 'Shared groceries').waitFor();

    // Live over graphql-ws: no reload.
    await taskRow(second.page, 'Shared groceries').waitFor({ timeout: 1_000 });

    await first.page.getByRole('checkbox', { name: 'Complete “Shared groceries”' }).check();
    await taskRow(first.page, 'Shared groceries').waitFor({ state: 'detached' });
    await taskRow(second.page, 'Shared groceries').waitFor({ state: 'detached', timeout: 1_000 });
    expect([...first.errors, ...second.errors]).toEqual([]);
  });
});

describe('another user', () => {
  it('sees none of it', async () => {
    const token = (await first.page.evaluate("localStorage.getItem('taskflow.token')")) as string;
    await api(env, token, 'mutation { createTag(input: { name: "private" }) { id } }');
    const stranger = await openApp(env);
    current = stranger;
    await signUpInApp(stranger.page, 'Stranger');
    await stranger.page.getByText('No tasks yet').waitFor();
    await stranger.page.getByRole('radio', { name: 'All' }).check();
    await stranger.page.getByText('No tasks yet').waitFor();
    await stranger.page.getByRole('searchbox', { name: 'Search tasks' }).fill('groceries');
    await stranger.page.getByText('No tasks match').waitFor();
    await stranger.page.getByRole('link', { name: 'Tags' }).click();
    await stranger.page.getByText('No tags yet').waitFor();
    await stranger.context.close();
  });
});

describe('a session that ends', () => {
  it('sends the user to sign in and keeps the draft they were typing', async () => {
    current = first;
    const page = first.page;
    await page.getByRole('button', { name: 'New task' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Title').fill('Half-written plan');
    await dialog.getByLabel('Description').fill('Do not lose this');

    // The token is revoked elsewhere (signing out in the API revokes the token it is called with).
    const token = (await page.evaluate("localStorage.getItem('taskflow.token')")) as string;
    await api(env, token, 'mutation { signOut }');

    // With live updates the socket hears of it at once; otherwise the next request does.
    const notice = page.getByRole('alert').getByText(/session has ended/);
    if (!(await notice.isVisible())) {
      await dialog
        .getByRole('button', { name: 'Add task' })
        .click({ timeout: 2_000 })
        .catch(() => undefined);
    }
    await notice.waitFor();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    // The email is remembered; the password is not.
    expect(await page.getByLabel('Email').inputValue()).toBe(owner.email);
    await page.getByLabel('Password').fill(PERSONA_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();

    await dialog.getByText('We kept your unsaved changes.').waitFor();
    expect(await dialog.getByLabel('Title').inputValue()).toBe('Half-written plan');
    expect(await dialog.getByLabel('Description').inputValue()).toBe('Do not lose this');
    await dialog.getByRole('button', { name: 'Add task' }).click();
    await taskRow(page, 'Half-written plan').waitFor();
  });

  it('signing out from the menu returns to sign in', async () => {
    const page = first.page;
    await page.getByRole('button', { name: /^Account/ }).click();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Welcome back' }).waitFor();
    expect(await page.evaluate("localStorage.getItem('taskflow.token')")).toBeNull();
    expect(first.errors).toEqual([]);
  });
});

describe('short-lived access tokens', () => {
  it('are renewed before they expire, and the app and its live updates carry on', async () => {
    const short = await shortStack;
    const shortEnv: BrowserStack = { ...env, stack: short, origin: new URL(short.gatewayUrl).origin };
    const persona = await signUp(short.client, 'Brief');
    const signedUpAt = Date.now();
    const app = await openApp(shortEnv, { token: persona.token });
    current = app;
    const { page } = app;
    await page.getByText('No tasks yet').waitFor();

    await page.waitForFunction(
      `localStorage.getItem('taskflow.token') !== ${JSON.stringify(persona.token)}`,
      undefined,
      { timeout: SHORT_TTL_SECONDS * 1_000 + 1_000 },
    );
    // Past the first token's lifetime, requests still go through with the renewed one.
    await page.waitForTimeout(Math.max(0, signedUpAt + SHORT_TTL_SECONDS * 1_000 + 500 - Date.now()));
    await page.getByLabel('Quick add a task').fill('Still signed in');
    await page.getByLabel('Quick add a task').press('Enter');
    await taskRow(page, 'Still signed in').waitFor();
    await page.reload();
    await taskRow(page, 'Still signed in').waitFor();
    expect(await page.getByRole('button', { name: 'Sign in' }).count()).toBe(0);

    // The socket opened with an expired token was closed by the server; it reconnected with the new one.
    const token = (await page.evaluate("localStorage.getItem('taskflow.token')")) as string;
    await short.client.data(
      'mutation { createTask(input: { title: "Made elsewhere" }) { id } }',
      {},
      { token },
    );
    await taskRow(page, 'Made elsewhere').waitFor({ timeout: 10_000 });
    expect(app.errors).toEqual([]);
    await app.context.close();
  });
});
