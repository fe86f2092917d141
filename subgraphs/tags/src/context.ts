import type { BaseContext, Caller } from '@taskflow/common';
import type DataLoader from 'dataloader';
import type { Tag } from './domain/tags/tag.js';
import type { TagService } from './domain/tags/tag-service.js';

export interface Context extends BaseContext {
  tags: TagService;
  caller: Caller;
  /** Per request: the caller's tags by id, one SQL query for every tag a response needs. */
  tagById: DataLoader<string, Tag | null>;
}
