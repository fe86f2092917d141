import { randomUUID } from 'node:crypto';
import { type Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { sleep } from './infra.js';

export interface User {
  id: string;
  token: string;
}

interface GraphQLResponse<T> {
  status: number;
  data?: T;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

/** What must never reach a client: a stack frame, SQL, a driver's or a host's name. */
const INTERNALS =
  /\bat \S+ \(|\bselect\b.*\bfrom\b|\binsert into\b|ECONN|knex|ioredis|node_modules|127\.0\.0\.1:\d{4,5}/i;

export async function graphql<T>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
): Promise<GraphQLResponse<T>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(15_000),
  });
  const text = await response.text();
  try {
    return { status: response.status, ...(JSON.parse(text) as object) };
  } catch {
    return { status: response.status, errors: [{ message: text.slice(0, 200) }] };
  }
}

export async function signUp(url: string, name: string): Promise<User> {
  const result = await graphql<{ signUp: { token: string; user: { id: string } } }>(
    url,
    'mutation ($input: SignUpInput!) { signUp(input: $input) { token user { id } } }',
    { input: { email: `${name}.${randomUUID()}@faults.example`, password: 'fault suite password', name } },
  );
  if (!result.data) throw new Error(`signUp failed: ${JSON.stringify(result.errors)}`);
  return { id: result.data.signUp.user.id, token: result.data.signUp.token };
}

export interface LoadStats {
  /** Mutations answered with data. */
  committed: number;
  failed: number;
  /** Error codes seen, with counts ("HTTP 502" when there was no GraphQL answer). */
  errors: Map<string, number>;
  /** Answers that carried internals (stack, SQL, hosts) or were a 500: must stay 0. */
  leaks: string[];
  /** When each mutation that succeeded was sent. */
  okAt: number[];
}

const CREATE = `mutation ($input: CreateTaskInput!) { createTask(input: $input) { id } }`;
const COMPLETE = `mutation ($id: ID!) { completeTask(id: $id) { id status } }`;
const UPDATE = `mutation ($id: ID!, $input: UpdateTaskInput!) { updateTask(id: $id, input: $input) { id } }`;
const REMIND = `mutation ($taskId: ID!, $input: ReminderInput!) { addReminder(taskId: $taskId, input: $input) { id } }`;

/**
 * A steady load of task changes from a few users: tasks created and edited, recurring tasks
 * completed (their next occurrence is the worker's), reminders coming due a second later. Runs
 * until `stop`; failures (a fault is being injected) are counted, never thrown.
 */
export class Load {
  readonly stats: LoadStats = { committed: 0, failed: 0, errors: new Map(), leaks: [], okAt: [] };
  private isRunning = true;
  private readonly workers: Promise<void>[];

  constructor(
    private readonly url: string,
    private readonly users: readonly User[],
    concurrency = 3,
  ) {
    this.workers = Array.from({ length: concurrency }, (_, index) => this.work(index));
  }

  async stop(): Promise<LoadStats> {
    this.isRunning = false;
    await Promise.all(this.workers);
    return this.stats;
  }

  private async work(index: number) {
    let turn = 0;
    while (this.isRunning) {
      const user = this.users[(index + turn++) % this.users.length]!;
      const isRecurring = turn % 3 === 0;
      const created = await this.mutate<{ createTask: { id: string } }>(
        CREATE,
        {
          input: {
            title: `fault load ${index}-${turn}`,
            ...(isRecurring
              ? { dueAt: new Date(Date.now() - 3_600_000).toISOString(), recurrence: { rule: 'FREQ=DAILY' } }
              : {}),
          },
        },
        user,
      );
      const id = created?.createTask.id;
      if (id && isRecurring) await this.mutate(COMPLETE, { id }, user);
      else if (id && turn % 3 === 1) {
        await this.mutate(
          REMIND,
          { taskId: id, input: { remindAt: new Date(Date.now() + 1_000).toISOString() } },
          user,
        );
      } else if (id)
        await this.mutate(UPDATE, { id, input: { title: `fault load ${index}-${turn} edited` } }, user);
      await sleep(20);
    }
  }

  private async mutate<T>(query: string, variables: Record<string, unknown>, user: User): Promise<T | null> {
    const sentAt = Date.now();
    let result: GraphQLResponse<T>;
    try {
      result = await graphql<T>(this.url, query, variables, user.token);
    } catch (error) {
      this.count(`network: ${(error as Error).name}`);
      await sleep(100);
      return null;
    }
    const text = JSON.stringify(result.errors ?? []);
    if (result.status >= 500 || INTERNALS.test(text))
      this.stats.leaks.push(`${result.status} ${text.slice(0, 300)}`);
    if (result.data && !result.errors) {
      this.stats.committed += 1;
      this.stats.okAt.push(sentAt);
      return result.data;
    }
    const code = result.errors?.[0]?.extensions?.code;
    this.count(typeof code === 'string' ? code : `HTTP ${result.status}`);
    await sleep(100);
    return null;
  }

  private count(what: string) {
    this.stats.failed += 1;
    this.stats.errors.set(what, (this.stats.errors.get(what) ?? 0) + 1);
  }
}

export interface SeenEvent {
  eventId: string;
  kind: string;
  taskId: string;
  at: string;
}

const CHANGES = `subscription ($since: ID) { taskChanged(since: $since) { eventId kind taskId at } }`;

/**
 * A client app's `taskChanged` subscription: when it ends (its socket dropped, a subgraph or Redis
 * away) it subscribes again with `since` = the last eventId it saw, as the web app does. If the
 * gateway says the history is gone (REPLAY_UNAVAILABLE), it refetches and subscribes afresh.
 */
export class Subscriber {
  readonly seen: SeenEvent[] = [];
  resumes = 0;
  replayUnavailable = 0;
  readonly errorCodes = new Map<string, number>();
  private client: Client | null = null;
  private isRunning = true;
  private lastEventId: string | null = null;
  private isLive = false;

  constructor(
    private readonly url: string,
    readonly user: User,
  ) {
    this.subscribe();
  }

  get live() {
    return this.isLive;
  }

  private subscribe() {
    if (!this.isRunning) return;
    this.client?.dispose();
    const client = createClient({
      url: this.url.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${this.user.token}` },
      retryAttempts: 0,
      lazy: false,
      onNonLazyError: () => undefined,
      on: { connected: () => (this.isLive = true) },
    });
    this.client = client;
    const again = () => {
      this.isLive = false;
      if (this.client !== client || !this.isRunning) return;
      this.resumes += 1;
      setTimeout(() => this.subscribe(), 200);
    };
    client.on('closed', again);
    client.subscribe<{ taskChanged: SeenEvent }>(
      { query: CHANGES, variables: { since: this.lastEventId } },
      {
        next: (value) => {
          const event = value.data?.taskChanged;
          if (event) {
            this.seen.push(event);
            this.lastEventId = event.eventId;
          }
          const code = value.errors?.[0]?.extensions?.code;
          if (typeof code === 'string') this.record(code);
        },
        error: (error) => {
          const code = (error as { extensions?: { code?: string } }[])?.[0]?.extensions?.code;
          this.record(typeof code === 'string' ? code : 'closed');
          again();
        },
        complete: again,
      },
    );
  }

  private record(code: string) {
    this.errorCodes.set(code, (this.errorCodes.get(code) ?? 0) + 1);
    if (code === 'REPLAY_UNAVAILABLE') {
      // The history is gone: a client refetches its lists and listens afresh.
      this.replayUnavailable += 1;
      this.lastEventId = null;
    }
  }

  close() {
    this.isRunning = false;
    this.client?.dispose();
  }
}
