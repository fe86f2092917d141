import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  chromium,
  type Page,
} from 'playwright-core';
import { type Persona, signUp } from '../support/client.js';
import { type Stack, startStack } from '../support/stack.js';

/** Debian's Chromium (`apt-get install chromium`); CHROMIUM_PATH points elsewhere. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

const webDist = fileURLToPath(new URL('../../web/dist/index.html', import.meta.url));
const screenshotDir = fileURLToPath(new URL('../screenshots/', import.meta.url));

/** Password of the personas `signUp` (../support/client.ts) makes. */
export const PERSONA_PASSWORD = 'correct horse battery';

export interface BrowserStack {
  stack: Stack;
  browser: Browser;
  /** The gateway's origin: it serves the app at `/` and GraphiQL at `/graphiql`. */
  origin: string;
  close: () => Promise<void>;
}

/** The real system (gateway serving web/dist) and one Chromium for a test file. */
export async function startBrowserStack(
  options: Parameters<typeof startStack>[1] = {},
): Promise<BrowserStack> {
  if (!existsSync(webDist)) {
    throw new Error(
      `The web app is not built (${webDist} is missing). Build it with \`npm run build -w @taskflow/web\` ` +
        '(`npm test` builds everything before testing).',
    );
  }
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM_PATH}: \`apt-get install chromium\` or set CHROMIUM_PATH.`,
    );
  }
  const [stack, browser] = await Promise.all([
    startStack({}, options),
    // A fresh, temporary profile (user-data dir) per launch.
    chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true }),
  ]);
  return {
    stack,
    browser,
    origin: new URL(stack.gatewayUrl).origin,
    close: async () => {
      await browser.close().catch(() => undefined);
      await stack.stop();
    },
  };
}

export interface AppPage {
  context: BrowserContext;
  page: Page;
  /** Uncaught errors in the page; tests assert there are none. */
  errors: string[];
}

/** A new browser context (its own storage) on the app, Berlin time, US English. */
export async function openApp(
  env: BrowserStack,
  options: BrowserContextOptions & { token?: string; path?: string } = {},
): Promise<AppPage> {
  const { token, path = '/', ...contextOptions } = options;
  const context = await env.browser.newContext({
    baseURL: env.origin,
    viewport: { width: 1280, height: 820 },
    colorScheme: 'light',
    timezoneId: 'Europe/Berlin',
    locale: 'en-US',
    reducedMotion: 'reduce',
    ...contextOptions,
  });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  if (token) {
    // Any same-origin page will do to reach the app's storage before the app starts.
    await page.goto('/health/live');
    await page.evaluate(`localStorage.setItem('taskflow.token', ${JSON.stringify(token)})`);
  }
  await page.goto(path);
  return { context, page, errors };
}

/** Signs a new person up through the sign-up form; returns their credentials. */
export async function signUpInApp(page: Page, name: string) {
  const email = `${name.toLowerCase().replace(/\W+/g, '.')}.${Date.now().toString(36)}${Math.floor(Math.random() * 1e6)}@example.com`;
  const password = 'a long enough password';
  await page.goto('/#/signup');
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('heading', { name: 'Tasks', level: 1 }).waitFor();
  return { email, password };
}

export async function signInInApp(page: Page, email: string, password: string) {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** A persona made through the API (faster than the form when the form is not what is tested). */
export const newPersona = (env: BrowserStack, name: string): Promise<Persona> =>
  signUp(env.stack.client, name);

export async function api<T = Record<string, unknown>>(
  env: BrowserStack,
  token: string,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<T> {
  return env.stack.client.data<T>(query, variables, { token });
}

export async function screenshot(page: Page, name: string) {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: `${screenshotDir}${name}.png`, animations: 'disabled' });
}

/** On failure, a screenshot named after the test (`e2e/screenshots/failed-….png`). */
export function screenshotOnFailure(
  context: { task: { name: string }; onTestFailed: (fn: () => Promise<void>) => void },
  page: () => Page | undefined,
) {
  context.onTestFailed(async () => {
    const current = page();
    if (current) await screenshot(current, `failed-${context.task.name.replace(/\W+/g, '-').slice(0, 60)}`);
  });
}

/** The task list item with this exact title. */
export const taskRow = (page: Page, title: string) =>
  page.getByRole('listitem', { name: title, exact: true });

/** Resolves once the page's graphql-ws socket has been acknowledged (its subscriptions are live). */
export function socketAcknowledged(page: Page, timeoutMs = 5_000): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    page.on('websocket', (socket) => {
      socket.on('framereceived', (frame) => {
        if (typeof frame.payload === 'string' && frame.payload.includes('"connection_ack"')) {
          clearTimeout(timer);
          resolve(true);
        }
      });
    });
  });
}

/** `document` facts, evaluated as strings (the e2e package type-checks without DOM types). */
export const evaluate = <T>(page: Page, expression: string) => page.evaluate(expression) as Promise<T>;
