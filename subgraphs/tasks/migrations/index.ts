import type { Migration } from '@taskflow/common';
import { idempotencyMigration, outboxMigration } from '@taskflow/events';
import { initial } from './001-initial.js';
import { ownerScopedGin } from './002-owner-scoped-gin.js';

/** In order; never edit one that has shipped, add the next. */
export const migrations: Migration[] = [initial, outboxMigration, idempotencyMigration, ownerScopedGin];
