import { type Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';

export interface Received<T> {
  data?: T;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/** A graphql-ws subscription collecting what it receives, as a client app would hold one. */
export class SubscriptionProbe<T = Record<string, unknown>> {
  readonly received: Received<T>[] = [];
  completed = false;
  error: unknown;
  closeEvent?: { code: number; reason: string };
  private readonly client: Client;
  private waiters: (() => void)[] = [];

  constructor(
    url: string,
    authorization: string | undefined,
    query: string,
    variables: Record<string, unknown> = {},
  ) {
    this.client = createClient({
      url: url.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      connectionParams: authorization ? { authorization } : {},
      retryAttempts: 0,
      lazy: false,
      // Closes are what several tests wait for; they are recorded above, not printed.
      onNonLazyError: () => undefined,
      on: {
        closed: (event) => {
          const { code, reason } = event as { code: number; reason: string };
          this.closeEvent = { code, reason: String(reason) };
          this.wake();
        },
      },
    });
    this.client.subscribe<T>(
      { query, variables },
      {
        next: (value) => {
          this.received.push(value as Received<T>);
          this.wake();
        },
        error: (error) => {
          this.error = error;
          this.wake();
        },
        complete: () => {
          this.completed = true;
          this.wake();
        },
      },
    );
  }

  /** Resolves once `count` results arrived (or the subscription ended); rejects after `timeoutMs`. */
  async waitFor(count: number, timeoutMs = 10_000): Promise<Received<T>[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.received.length < count && !this.completed && !this.error && !this.closeEvent) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`expected ${count} events, got ${this.received.length}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.received;
  }

  async waitForClose(timeoutMs = 10_000) {
    const deadline = Date.now() + timeoutMs;
    while (!this.closeEvent && !this.error) {
      if (Date.now() > deadline) throw new Error('the connection stayed open');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return this.closeEvent;
  }

  dispose() {
    return this.client.dispose();
  }

  private wake() {
    for (const waiter of this.waiters.splice(0)) waiter();
  }
}

/** Waits until Redis has `count` subscribers on a channel: graphql-ws does not acknowledge subscribe. */
export async function waitForSubscribers(
  redis: { call: (...args: string[]) => Promise<unknown> },
  channel: string,
  count = 1,
) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const [, subscribers] = (await redis.call('PUBSUB', 'NUMSUB', channel)) as [string, number];
    if (Number(subscribers) >= count) return;
    if (Date.now() > deadline) throw new Error(`no subscriber on ${channel}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
