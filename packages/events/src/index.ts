export { defaultDurableBusSchema, migrateDurableBus } from './bus/durable/durable-bus-migration.js';
export {
  createDurableLocalBus,
  type DurableLocalBusOptions,
  DurableLocalEventBus,
} from './bus/durable/durable-local-event-bus.js';
export type {
  BatchPublishOutcome,
  ConsumeOptions,
  ConsumerStats,
  DeadLetter,
  Delivery,
  EventBus,
  EventConsumer,
  EventHandler,
  EventPublisher,
  GroupInfo,
  PublishOptions,
  Unsubscribe,
} from './bus/event-bus.js';
export { sumConsumerStats } from './bus/event-bus.js';
export { InMemoryEventBus, type InMemoryEventBusOptions } from './bus/in-memory-event-bus.js';
export {
  defaultPublishLimits,
  GuardKeyMissingError,
  type PublishLimits,
  type PublishResult,
  publishScriptSha,
  publishScriptSource,
} from './bus/publish-script.js';
export { RedisEventBus, type RedisEventBusOptions } from './bus/redis-event-bus.js';
export { RedisEventPublisher, type RedisEventPublisherOptions } from './bus/redis-event-publisher.js';
export {
  type AnyEventEnvelope,
  assertValidEnvelope,
  type CreateEnvelopeInput,
  createEnvelope,
  type EnvelopeOf,
  type EventEnvelope,
  envelopeSchema,
  type ParsedEnvelope,
  parseEnvelopeJson,
  type RawEnvelope,
} from './envelope.js';
export * from './event-types.js';
export { idempotencyMigration, markProcessed, pruneProcessedEvents } from './idempotency/processed-events.js';
export {
  deadLetterStreamKey,
  eventStreamKey,
  outboxChannel,
  relayEpochKey,
  relaySentKey,
  revocationChannel,
  userChangesKey,
  userChannel,
} from './keys.js';
export { type ChangesSince, parseChangeNotice, readChangesSince } from './live/change-log.js';
export {
  buildNotice,
  type ChangeNotice,
  type LiveNotice,
  liveNoticeSchema,
  parseLiveNotice,
} from './live/live-notice.js';
export { assertEventId, compareStreamIds, isStreamId, parseStreamId } from './live/stream-id.js';
export { appendEvents, outboxInsert } from './outbox/append-events.js';
export { outboxMigration } from './outbox/outbox-migration.js';
export { OutboxRepository, type OutboxRow } from './outbox/outbox-repository.js';
export { createServicesPlatform, type PlatformEvents, type TaskflowPlatform } from './platform.js';
export { OutboxRelay, type RelayOptions, type RelayStats, startRelay } from './relay/outbox-relay.js';
export {
  consumerSettingsFrom,
  type EventsEnv,
  eventsEnvShape,
  publishLimitsFrom,
  relaySettingsFrom,
} from './settings.js';
