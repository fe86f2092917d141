import type { Migration } from '@taskflow/common';
import { initial } from './001-initial.js';
import { emailKeyMigration } from './002-email-key.js';

/** In order; never edit one that has shipped, add the next. */
export const migrations: Migration[] = [initial, emailKeyMigration];
