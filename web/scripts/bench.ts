/**
 * `npm run bench -w @taskflow/web` (root: `npm run bench:web`): the production bundle's initial
 * JavaScript (what index.html loads before anything renders), gzipped, and how fast the task list
 * renders with 500 tasks in headless Chromium against the real stack (gateway + subgraphs, a fresh
 * database). Needs Postgres and Redis like the e2e tests, and Chromium at /usr/bin/chromium.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { signUp } from '../../e2e/support/client.js';
import { startStack } from '../../e2e/support/stack.js';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const TASKS = 500;
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const JS_BUDGET_KB = 250;
const RENDER_BUDGET_MS = 1_500;

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const gzipSize = (path: string) => gzipSync(readFileSync(path), { level: 9 }).length;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

function bundle() {
  const indexHtml = join(dist, 'index.html');
  if (!existsSync(indexHtml))
    throw new Error('web/dist/index.html is missing: run `npm run build -w @taskflow/web`.');
  const html = readFileSync(indexHtml, 'utf8');
  const initial = [
    ...html.matchAll(/<script[^>]+type="module"[^>]+src="([^"]+)"/g),
    ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g),
  ].map((m) => m[1]!);
  const css = [...html.matchAll(/<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"/g)].map((m) => m[1]!);
  const rows = initial.map((src) => {
    const path = join(dist, src);
    return { file: src, raw: statSync(path).size, gzip: gzipSize(path) };
  });
  const cssGzip = css.reduce((sum, href) => sum + gzipSize(join(dist, href)), 0);
  return {
    rows,
    jsGzip: rows.reduce((s, r) => s + r.gzip, 0),
    jsRaw: rows.reduce((s, r) => s + r.raw, 0),
    cssGzip,
  };
}

async function seed(gatewayUrl: string, token: string) {
  const post = async (query: string, variables: Record<string, unknown>) => {
    const response = await fetch(gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: Record<string, { id: string }>; errors?: unknown };
    if (body.errors || !body.data) throw new Error(JSON.stringify(body.errors));
    return body.data;
  };
  const tagIds: string[] = [];
  for (const [name, color] of [
    ['work', '#3b82f6'],
    ['home', '#22c55e'],
    ['errands', '#f97316'],
  ]) {
    tagIds.push(
      (await post('mutation ($i: CreateTagInput!) { createTag(input: $i) { id } }', { i: { name, color } }))
        .createTag!.id,
    );
  }
  const priorities = ['LOW', 'MEDIUM', 'HIGH', 'URGENT'];
  let next = 0;
  const worker = async () => {
    while (next < TASKS) {
      const i = next++;
      await post('mutation ($i: CreateTaskInput!) { createTask(input: $i) { id } }', {
        i: {
          title: `Task ${i + 1}: ${['Review', 'Write', 'Call', 'Plan', 'Fix'][i % 5]} ${['the report', 'the dentist', 'groceries', 'the roadmap', 'a bug'][i % 5]}`,
          description: i % 3 === 0 ? `Notes for task ${i + 1}` : undefined,
          priority: priorities[i % 4],
          dueAt: i % 2 ? new Date(Date.now() + (i - 250) * 3_600_000).toISOString() : undefined,
          tagIds: i % 4 === 0 ? [tagIds[i % 3]] : [],
          recurrence: i % 25 === 0 ? { rule: 'FREQ=WEEKLY;BYDAY=MO', timezone: 'Europe/Berlin' } : undefined,
        },
      });
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}

/** Records when the first task row and the "500 tasks" count appear, from navigation start. */
const OBSERVER = `
  window.__bench = {};
  new MutationObserver(() => {
    const b = window.__bench;
    if (!b.firstRow && document.querySelector('.task-row')) b.firstRow = performance.now();
    if (!b.count && /\\b500 tasks\\b/.test(document.querySelector('.list-summary')?.textContent ?? '')) b.count = performance.now();
  }).observe(document, { childList: true, subtree: true, characterData: true });
`;

async function main() {
  const size = bundle();
  console.log('\nInitial JavaScript of index.html (gzip -9):');
  for (const row of size.rows)
    console.log(`  ${row.file.padEnd(44)} ${kb(row.raw).padStart(10)}  → ${kb(row.gzip).padStart(9)}`);
  console.log(
    `  ${'total'.padEnd(44)} ${kb(size.jsRaw).padStart(10)}  → ${kb(size.jsGzip).padStart(9)}   (budget ${JS_BUDGET_KB} KB)`,
  );
  console.log(`  CSS ${kb(size.cssGzip)} gzip; GraphiQL is a separate page, loaded only on /graphiql.`);

  const stack = await startStack();
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  try {
    const persona = await signUp(stack.client, 'Bench');
    const seeding = Date.now();
    await seed(stack.gatewayUrl, persona.token);
    console.log(`\nSeeded ${TASKS} tasks in ${((Date.now() - seeding) / 1000).toFixed(1)} s.`);
    const origin = new URL(stack.gatewayUrl).origin;
    const firstRows: number[] = [];
    const counts: number[] = [];
    const allRows: number[] = [];
    for (let run = 0; run < RUNS + 1; run++) {
      // A new context each run: empty HTTP cache and storage, as on a first visit.
      const context = await browser.newContext({ viewport: { width: 1280, height: 820 } });
      const page = await context.newPage();
      await page.goto(`${origin}/health/live`);
      // A returning user: the token and who it belongs to, as signing in leaves them.
      await page.evaluate(
        `localStorage.setItem('taskflow.token', ${JSON.stringify(persona.token)});` +
          `localStorage.setItem('taskflow.user', ${JSON.stringify(JSON.stringify({ id: persona.id, email: persona.email, name: 'Bench' }))})`,
      );
      await page.addInitScript(OBSERVER);
      await page.goto(`${origin}/`);
      await page.waitForFunction('window.__bench.firstRow && window.__bench.count', undefined, {
        timeout: 20_000,
      });
      const marks = (await page.evaluate('window.__bench')) as { firstRow: number; count: number };
      if (process.env.BENCH_DEBUG)
        console.log(
          await page.evaluate(
            `JSON.stringify(performance.getEntriesByType('resource').map((e) => [e.name.replace(location.origin, ''), Math.round(e.startTime), Math.round(e.responseEnd)]))`,
          ),
          marks,
        );
      // Scroll to the end: the list pages in 50 at a time.
      const start = Date.now();
      await page.waitForFunction(
        `(() => { window.scrollTo(0, document.body.scrollHeight); return document.querySelectorAll('.task-row').length >= ${TASKS}; })()`,
        undefined,
        { timeout: 30_000, polling: 50 },
      );
      const all = Date.now() - start;
      await context.close();
      if (run === 0) continue; // warm-up: the server's first queries compile plans
      firstRows.push(marks.firstRow);
      counts.push(marks.count);
      allRows.push(all);
    }
    const ms = (value: number) => `${value.toFixed(0)} ms`;
    console.log(`\nTask list with ${TASKS} tasks, headless Chromium, median of ${RUNS} cold page loads:`);
    console.log(
      `  first task row rendered      ${ms(median(firstRows)).padStart(8)}   (min ${ms(Math.min(...firstRows))}, max ${ms(Math.max(...firstRows))})`,
    );
    console.log(
      `  list interactive (count in)  ${ms(median(counts)).padStart(8)}   (budget ${RENDER_BUDGET_MS} ms)`,
    );
    console.log(
      `  all ${TASKS} rows by scrolling   ${ms(median(allRows)).padStart(8)}   (50 per page, ${TASKS / 50} pages)`,
    );
    const ok = size.jsGzip / 1024 <= JS_BUDGET_KB && median(counts) <= RENDER_BUDGET_MS;
    console.log(`\n${ok ? 'Within' : 'OVER'} budget.`);
    if (!ok) process.exitCode = 1;
  } finally {
    await browser.close();
    await stack.stop();
  }
}

await main();
