import type { EnvelopeOf, TaskSnapshot } from '@taskflow/events';
import { changeKindOf, parseStreamId, TASK_EVENT_TYPES } from '@taskflow/events';
import type { WebhookEventType } from '../domain/webhooks/webhook.js';
import type { DeliveryUnitOfWork } from '../domain/webhooks/webhook-repository.js';

/** The task events that become deliveries (tag changes show as TASK_UPDATED, like on `taskChanged`). */
export const FOLLOWED_TASK_EVENTS = TASK_EVENT_TYPES;
export type FollowedTaskEvent = EnvelopeOf<(typeof FOLLOWED_TASK_EVENTS)[number]>;

/** The consumer group on the tasks stream. */
export const TASKS_CONSUMER = 'webhooks';

/** What changed, as the body's `changes` carries it. */
function changesOf(event: FollowedTaskEvent): Record<string, unknown> {
  if (event.type === 'TaskTagsChanged') {
    const after = event.payload.task.tagIds;
    const before = [
      ...after.filter((id) => !event.payload.addedTagIds.includes(id)),
      ...event.payload.removedTagIds,
    ];
    return { tagIds: { from: before, to: after } };
  }
  if (event.type === 'TaskCreated') return {};
  return (event.payload.changes ?? {}) as Partial<Record<keyof TaskSnapshot, unknown>>;
}

/**
 * Turns task events into deliveries: one per matching webhook, written in one statement that a
 * redelivered event leaves unchanged (unique on webhook and event).
 */
export class EventIntake {
  constructor(
    private readonly deps: { work: DeliveryUnitOfWork; maxAttempts: number; onEnqueued: () => void },
  ) {}

  /** `messageId` is the event's tasks-stream entry id: its public eventId and its place in the order. */
  async accept(event: FollowedTaskEvent, messageId: string): Promise<number> {
    const position = parseStreamId(messageId);
    const kind = changeKindOf(event.type);
    if (!position || !kind) return 0;
    const eventType = `TASK_${kind}` as WebhookEventType;
    const enqueued = await this.deps.work.run(null, ({ queue }) =>
      queue.enqueue(
        {
          eventUuid: event.id,
          eventId: messageId,
          eventMs: position[0].toString(),
          eventSeq: position[1].toString(),
          eventType,
          ownerId: event.ownerId,
          taskId: event.payload.task.id,
          occurredAt: event.occurredAt,
          changes: changesOf(event),
        },
        this.deps.maxAttempts,
      ),
    );
    if (enqueued > 0) this.deps.onEnqueued();
    return enqueued;
  }
}
