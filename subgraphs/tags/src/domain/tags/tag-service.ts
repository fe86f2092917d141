import { DomainError, type Identity, notFound, parseInput, text } from '@taskflow/common';
import { appendEvents, createEnvelope, type FieldChanges, type TagSnapshot } from '@taskflow/events';
import { z } from 'zod';
import type { Tag } from './tag.model.js';
import type { TagRepository } from './tag-repository.js';

const name = text({ min: 1, max: 50, label: 'Tag name' });
const color = z
  .string()
  .regex(/^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/, 'Color must be a hex color such as "#3b82f6"');

const createSchema = z.object({ name, color: color.nullish().transform((value) => value ?? null) });
/** Absent means unchanged; a null color removes it. */
const updateSchema = z.object({ name: name.optional(), color: color.nullable().optional() });

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: string) => UUID.test(value);

const ownerOf = (identity: Identity) => {
  if (!identity.userId) throw new DomainError('UNAUTHENTICATED', 'Sign in to do this');
  return identity.userId;
};

/** Who is asking, and the correlation id their change carries into its event. */
export interface Caller {
  identity: Identity;
  correlationId: string;
}

const toSnapshot = (tag: Tag): TagSnapshot => ({
  id: tag.id,
  name: tag.name,
  color: tag.color,
  createdAt: tag.createdAt.toISOString(),
  updatedAt: tag.updatedAt.toISOString(),
});

function diff(before: TagSnapshot, after: TagSnapshot): FieldChanges<TagSnapshot> {
  const changes: FieldChanges<TagSnapshot> = {};
  if (before.name !== after.name) changes.name = { from: before.name, to: after.name };
  if (before.color !== after.color) changes.color = { from: before.color, to: after.color };
  return changes;
}

/**
 * Tags belong to one user; another user's tag is NOT_FOUND, exactly like one that does not exist.
 * Every change is written with its outbox event in one transaction.
 */
export class TagService {
  constructor(private readonly repository: TagRepository) {}

  list(identity: Identity): Promise<Tag[]> {
    return this.repository.listByOwner(ownerOf(identity));
  }

  create(caller: Caller, input: unknown): Promise<Tag> {
    const ownerId = ownerOf(caller.identity);
    const fields = parseInput(createSchema, input);
    return this.repository.transaction(async (trx) => {
      const tag = await this.repository.insert(trx, ownerId, fields);
      await appendEvents(trx, [this.event('TagCreated', tag, caller, { tag: toSnapshot(tag) })]);
      return tag;
    });
  }

  async update(caller: Caller, id: string, input: unknown): Promise<Tag> {
    const ownerId = ownerOf(caller.identity);
    const { name, color } = parseInput(updateSchema, input);
    if (!isUuid(id)) throw notFound('Tag');
    return this.repository.transaction(async (trx) => {
      const before = await this.repository.findOwned(trx, ownerId, id, { forUpdate: true });
      if (!before) throw notFound('Tag');
      const patch = {
        ...(name !== undefined && name !== before.name ? { name } : {}),
        ...(color !== undefined && color !== before.color ? { color } : {}),
      };
      if (Object.keys(patch).length === 0) return before;
      const tag = (await this.repository.update(trx, ownerId, id, patch))!;
      const changes = diff(toSnapshot(before), toSnapshot(tag));
      await appendEvents(trx, [this.event('TagUpdated', tag, caller, { tag: toSnapshot(tag), changes })]);
      return tag;
    });
  }

  async delete(caller: Caller, id: string): Promise<boolean> {
    const ownerId = ownerOf(caller.identity);
    if (!isUuid(id)) throw notFound('Tag');
    return this.repository.transaction(async (trx) => {
      const tag = await this.repository.delete(trx, ownerId, id);
      if (!tag) throw notFound('Tag');
      await appendEvents(trx, [this.event('TagDeleted', tag, caller, { tag: toSnapshot(tag) })]);
      return true;
    });
  }

  private event<T extends 'TagCreated' | 'TagUpdated' | 'TagDeleted'>(
    type: T,
    tag: Tag,
    caller: Caller,
    payload: Parameters<typeof createEnvelope<T>>[1]['payload'],
  ) {
    return createEnvelope(type, {
      aggregateId: tag.id,
      ownerId: tag.ownerId,
      correlationId: caller.correlationId,
      payload,
    });
  }

  /** The caller's tags among `ids` (federation references, `Task.tags`), in one query. */
  async findOwnedByIds(identity: Identity, ids: readonly string[]): Promise<Map<string, Tag>> {
    const valid = ids.filter(isUuid);
    if (!identity.userId || valid.length === 0) return new Map();
    const tags = await this.repository.findOwnedByIds(identity.userId, valid);
    return new Map(tags.map((tag) => [tag.id, tag]));
  }
}
