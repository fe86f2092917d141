import type { Migration } from '@taskflow/common';
import { outboxMigration } from '@taskflow/events';
import { initial } from './001-initial.js';

/** In order; never edit one that has shipped, add the next. */
export const migrations: Migration[] = [initial, outboxMigration];
