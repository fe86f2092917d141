import type { Logger } from '@taskflow/common';
import { createEnvelope } from '@taskflow/events';
import { bodyTypeOf, type DeliveryStatus } from '../domain/webhooks/webhook.js';
import type {
  AttemptOutcome,
  ClaimedDelivery,
  DeliveryUnitOfWork,
} from '../domain/webhooks/webhook-repository.js';
import type { HttpSender } from './http-sender.js';
import { signedHeaders } from './signing.js';
import type { TaskPayloads } from './task-payloads.js';

export interface SenderSettings {
  /** Backoff base: attempt n waits about base × 4^(n-1) seconds (±25 % jitter). */
  retryBaseSeconds: number;
  /** Consecutive FAILED deliveries that deactivate a webhook. */
  disableAfterFailures: number;
  /** Deliveries in flight at once in this process (each to a different webhook). */
  concurrency: number;
  /** Longest sleep between two looks for due deliveries (others' and retries come due unannounced). */
  pollIntervalMs: number;
  /** How long a claimed delivery stays out of other replicas' reach; a crash mid-attempt waits this long. */
  leaseMs: number;
}

const MAX_BACKOFF_MS = 24 * 60 * 60 * 1000;

/** When attempt `attempts + 1` is due after `attempts` failed ones. */
export function backoffMs(attempts: number, baseSeconds: number, random = Math.random): number {
  const exact = baseSeconds * 1000 * 4 ** Math.max(0, attempts - 1);
  return Math.min(MAX_BACKOFF_MS, Math.round(exact * (0.75 + random() * 0.5)));
}

/**
 * Sends due deliveries. Each claim takes the head of a webhook's queue (one in flight per webhook, in
 * event order) and each send runs on its own, so a slow or dead endpoint holds only its own queue. The
 * outcome of an attempt, the webhook's failure count and, when it is deactivated, the owner's
 * `WebhookDisabled` event are one transaction.
 */
export class DeliverySender {
  private readonly inFlight = new Map<string, Promise<void>>();
  private stopped = false;
  private loop: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;
  private woken = false;

  constructor(
    private readonly deps: {
      work: DeliveryUnitOfWork;
      payloads: TaskPayloads;
      http: HttpSender;
      log: Logger;
      settings: SenderSettings;
    },
  ) {}

  start(): this {
    this.loop ??= this.run();
    return this;
  }

  /** New deliveries are waiting: look now rather than at the next poll. */
  wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  /** Stops claiming and waits for the attempts in flight (their leases would otherwise delay them). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake();
    await this.loop;
    await Promise.all(this.inFlight.values());
    await this.deps.http.close();
  }

  private async run(): Promise<void> {
    const { settings, log } = this.deps;
    let failures = 0;
    while (!this.stopped) {
      this.woken = false;
      const free = settings.concurrency - this.inFlight.size;
      let claimed: ClaimedDelivery[] = [];
      if (free > 0) {
        try {
          claimed = await this.deps.work.run(null, ({ queue }) =>
            queue.claimDue(free, settings.leaseMs, [...this.inFlight.keys()]),
          );
          failures = 0;
        } catch (error) {
          failures += 1;
          log.error({ err: error }, 'claiming due deliveries failed');
        }
      }
      for (const delivery of claimed) this.launch(delivery);
      if (this.stopped) break;
      if (claimed.length > 0 && claimed.length === free) continue;
      await this.sleep(
        failures > 0 ? Math.min(30_000, settings.pollIntervalMs * 2 ** failures) : settings.pollIntervalMs,
      );
    }
  }

  private sleep(ms: number): Promise<void> {
    if (this.woken) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = () => {
        this.wakeUp = undefined;
        done();
      };
    });
  }

  /** In flight by webhook id: the next claim skips those webhooks. */
  private launch(delivery: ClaimedDelivery): void {
    const attempt = this.attempt(delivery)
      .catch((error) =>
        this.deps.log.error({ err: error, deliveryId: delivery.id }, 'delivery attempt failed'),
      )
      .finally(() => {
        this.inFlight.delete(delivery.webhookId);
        this.wake();
      });
    this.inFlight.set(delivery.webhookId, attempt);
  }

  private async attempt(delivery: ClaimedDelivery): Promise<void> {
    const at = new Date();
    let body = delivery.body;
    if (body === null) {
      try {
        body = await this.bodyOf(delivery);
      } catch (error) {
        return this.finish(delivery, {
          at,
          responseStatus: null,
          responseBody: null,
          error: `payload: ${(error as Error).message}`.slice(0, 500),
          durationMs: Math.round(Date.now() - at.getTime()),
          isSuccess: false,
        });
      }
      await this.deps.work.run(null, ({ queue }) => queue.saveBody(delivery.id, body!));
    }
    const sent = await this.deps.http.send(
      delivery.url,
      signedHeaders(delivery.secrets, delivery.id, body, at),
      body,
    );
    await this.finish(delivery, { at, ...sent, isSuccess: sent.error === null });
  }

  /** The request body, made once at the first attempt so every retry sends the same document. */
  private async bodyOf(delivery: ClaimedDelivery): Promise<string> {
    const task =
      delivery.eventType === 'TASK_DELETED'
        ? null
        : await this.deps.payloads.fetch(delivery.ownerId, delivery.selection, delivery.taskId);
    return JSON.stringify({
      type: bodyTypeOf(delivery.eventType),
      eventId: delivery.eventId,
      at: new Date(delivery.occurredAt).toISOString(),
      changes: delivery.changes,
      data: { task },
    });
  }

  private async finish(delivery: ClaimedDelivery, outcome: AttemptOutcome): Promise<void> {
    const { settings, log } = this.deps;
    const attempts = delivery.attempts + 1;
    const status: DeliveryStatus = outcome.isSuccess
      ? 'SUCCEEDED'
      : attempts >= delivery.maxAttempts
        ? 'FAILED'
        : 'PENDING';
    const nextAttemptAt =
      status === 'PENDING' ? new Date(Date.now() + backoffMs(attempts, settings.retryBaseSeconds)) : null;
    const disabled = await this.deps.work.transaction(null, async ({ attempts: recorder }) => {
      const isRecorded = await recorder.record(delivery, outcome, { status, nextAttemptAt });
      if (!isRecorded || status === 'PENDING') return false;
      const failures = await recorder.countFinished(delivery.webhookId, status === 'SUCCEEDED');
      if (status !== 'FAILED' || failures < settings.disableAfterFailures) return false;
      return recorder.disable(
        delivery.webhookId,
        createEnvelope('WebhookDisabled', {
          aggregateId: delivery.webhookId,
          ownerId: delivery.ownerId,
          payload: { webhook: { id: delivery.webhookId, url: delivery.url }, consecutiveFailures: failures },
        }),
      );
    });
    log.debug(
      {
        deliveryId: delivery.id,
        webhookId: delivery.webhookId,
        status,
        attempts,
        responseStatus: outcome.responseStatus,
      },
      'delivery attempted',
    );
    if (disabled)
      log.warn({ webhookId: delivery.webhookId }, 'webhook deactivated after consecutive failed deliveries');
  }
}
