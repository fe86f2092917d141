import { backoffDelay, type Logger } from '@taskflow/common';
import { createEnvelope } from '@taskflow/events';
import {
  type Notification,
  newNotification,
  REMINDER_KIND,
  reminderMessage,
  toNotificationSnapshot,
} from '../notifications/notification.js';
import type { NotificationsUnitOfWork } from '../repositories.js';

export interface SchedulerOptions {
  work: NotificationsUnitOfWork;
  log: Logger;
  /** Longest sleep between two looks (default 1000 ms): bounds the delay of a reminder added on another replica. */
  pollIntervalMs?: number;
  /** Reminders claimed per transaction (default 500). */
  batchSize?: number;
  /** Shortest sleep, so due rows another replica holds do not make this one spin (default 25 ms). */
  minSleepMs?: number;
}

export interface SchedulerStats {
  fired: number;
  refired: number;
  failures: number;
  lastFiredAt: Date | null;
}

const notificationCreated = (notification: Notification) =>
  createEnvelope('NotificationCreated', {
    aggregateId: notification.id,
    ownerId: notification.ownerId,
    payload: { notification: toNotificationSnapshot(notification) },
    correlationId: notification.correlationId,
  });

/**
 * Fires due reminders (and snoozed notifications) exactly once, on any number of replicas.
 *
 * Each pass claims due rows with `FOR UPDATE SKIP LOCKED`, and in the same transaction marks them
 * fired, creates their notifications and writes a `NotificationCreated` event per notification to
 * the outbox; the relay delivers them. Replicas never claim the same row, and a claim that fails
 * rolls back whole, to be claimed again. Between passes it sleeps until the next due time (asked
 * from the database, whose clock `remind_at <= now()` uses), at most `pollIntervalMs`; `wake()` cuts
 * the sleep short when this process adds or moves a reminder. Reminders that came due while no
 * scheduler ran are simply due at start-up and fire in the first pass.
 */
export class ReminderScheduler {
  readonly stats: SchedulerStats = { fired: 0, refired: 0, failures: 0, lastFiredAt: null };
  private readonly pollIntervalMs: number;
  private readonly batchSize: number;
  private readonly minSleepMs: number;
  private readonly log: Logger;
  private isRunning = false;
  private loop: Promise<void> = Promise.resolve();
  private wakeUp: (() => void) | null = null;
  private isWakeRequested = false;

  constructor(private readonly options: SchedulerOptions) {
    this.pollIntervalMs = options.pollIntervalMs ?? 1_000;
    this.batchSize = options.batchSize ?? 500;
    this.minSleepMs = options.minSleepMs ?? 25;
    this.log = options.log.child({ component: 'ReminderScheduler' });
  }

  start(): this {
    if (this.isRunning) return this;
    this.isRunning = true;
    this.loop = this.run();
    return this;
  }

  /** Lets the current pass finish (its transaction commits or rolls back), then resolves. */
  async stop(): Promise<void> {
    this.isRunning = false;
    this.wake();
    await this.loop;
  }

  /** The next due time may have changed: look again now. */
  wake(): void {
    this.isWakeRequested = true;
    this.wakeUp?.();
  }

  /** One pass: fires everything due now, batch after batch. Returns how many notifications it made. */
  async fireDue(): Promise<number> {
    let total = 0;
    for (;;) {
      const fired = await this.fireReminders();
      total += fired;
      if (fired < this.batchSize) break;
    }
    for (;;) {
      const refired = await this.refireSnoozed();
      total += refired;
      if (refired < this.batchSize) break;
    }
    return total;
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.isRunning) {
      this.isWakeRequested = false;
      let sleepMs: number;
      try {
        await this.fireDue();
        failures = 0;
        sleepMs = await this.msUntilNextLook();
      } catch (error) {
        failures += 1;
        this.stats.failures += 1;
        sleepMs = backoffDelay(Math.min(failures, 8), 200, 10_000) + this.minSleepMs;
        this.log.error({ err: error, failures, retryInMs: sleepMs }, 'firing reminders failed; retrying');
      }
      if (this.isRunning && !this.isWakeRequested) await this.sleep(sleepMs);
    }
  }

  private async msUntilNextLook(): Promise<number> {
    const [reminder, snooze] = await Promise.all([
      this.options.work.run(null, ({ reminders }) => reminders.msUntilNextDue()),
      this.options.work.run(null, ({ notifications }) => notifications.msUntilNextSnooze()),
    ]);
    const next = Math.min(reminder ?? Number.POSITIVE_INFINITY, snooze ?? Number.POSITIVE_INFINITY);
    return Math.max(this.minSleepMs, Math.min(this.pollIntervalMs, next));
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = () => {
        this.wakeUp = null;
        done();
      };
    });
  }

  private fireReminders(): Promise<number> {
    return this.options.work.transaction(null, async ({ reminders, notifications }) => {
      const fired = await reminders.claimDue(this.batchSize);
      if (fired.length === 0) return 0;
      const now = new Date();
      const created = fired.map((reminder) =>
        newNotification(
          {
            ownerId: reminder.ownerId,
            kind: REMINDER_KIND,
            message: reminderMessage(reminder.title),
            taskId: reminder.taskId,
            reminderId: reminder.id,
            snoozedFromId: null,
            correlationId: reminder.correlationId,
            createdAt: reminder.firedAt,
          },
          now,
        ),
      );
      await notifications.insertWithEvents(created, created.map(notificationCreated));
      this.stats.fired += created.length;
      this.stats.lastFiredAt = now;
      this.log.debug(
        {
          count: created.length,
          maxLagMs: Math.max(...fired.map((reminder) => now.getTime() - reminder.remindAt.getTime())),
        },
        'reminders fired',
      );
      return created.length;
    });
  }

  private refireSnoozed(): Promise<number> {
    return this.options.work.transaction(null, async ({ notifications }) => {
      const due = await notifications.claimDueSnoozes(this.batchSize);
      if (due.length === 0) return 0;
      const now = new Date();
      const created = due.map((snoozed) =>
        newNotification(
          {
            ownerId: snoozed.ownerId,
            kind: snoozed.kind,
            message: snoozed.message,
            taskId: snoozed.taskId,
            reminderId: null,
            snoozedFromId: snoozed.id,
            correlationId: snoozed.snoozeCorrelationId,
          },
          now,
        ),
      );
      await notifications.insertWithEvents(created, created.map(notificationCreated));
      this.stats.refired += created.length;
      this.log.debug({ count: created.length }, 'snoozed notifications fired again');
      return created.length;
    });
  }
}
