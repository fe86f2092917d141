import type { Migration } from '@taskflow/common';
import { idempotencyMigration, outboxMigration } from '@taskflow/events';
import { initial } from './001-initial.js';
import { dropProcessedEvents } from './002-drop-processed-events.js';

/** In order; never edit one that has shipped, add the next. */
export const migrations: Migration[] = [initial, outboxMigration, idempotencyMigration, dropProcessedEvents];
