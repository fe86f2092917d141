import { DomainError, type Identity, notFound, parseInput, text } from '@taskflow/common';
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

/** Tags belong to one user; another user's tag is NOT_FOUND, exactly like one that does not exist. */
export class TagService {
  constructor(private readonly repository: TagRepository) {}

  list(identity: Identity): Promise<Tag[]> {
    return this.repository.listByOwner(ownerOf(identity));
  }

  create(identity: Identity, input: unknown): Promise<Tag> {
    const fields = parseInput(createSchema, input);
    return this.repository.insert(ownerOf(identity), fields);
  }

  async update(identity: Identity, id: string, input: unknown): Promise<Tag> {
    const ownerId = ownerOf(identity);
    const { name, color } = parseInput(updateSchema, input);
    const patch = { ...(name !== undefined ? { name } : {}), ...(color !== undefined ? { color } : {}) };
    if (!isUuid(id)) throw notFound('Tag');
    const tag =
      Object.keys(patch).length > 0
        ? await this.repository.update(ownerId, id, patch)
        : (await this.repository.findOwnedByIds(ownerId, [id]))[0];
    if (!tag) throw notFound('Tag');
    return tag;
  }

  async delete(identity: Identity, id: string): Promise<boolean> {
    const deleted = isUuid(id) && (await this.repository.delete(ownerOf(identity), id));
    if (!deleted) throw notFound('Tag');
    return true;
  }

  /** The caller's tags among `ids` (federation references, `Task.tags`), in one query. */
  async findOwnedByIds(identity: Identity, ids: readonly string[]): Promise<Map<string, Tag>> {
    const valid = ids.filter(isUuid);
    if (!identity.userId || valid.length === 0) return new Map();
    const tags = await this.repository.findOwnedByIds(identity.userId, valid);
    return new Map(tags.map((tag) => [tag.id, tag]));
  }
}
