import {
  type Caller,
  DomainError,
  findOwnedByIds,
  type Identity,
  isUuid,
  notFound,
  parseInput,
  requireUser,
  text,
} from '@taskflow/common';
import { createEnvelope, type FieldChanges, type TagSnapshot } from '@taskflow/events';
import { z } from 'zod';
import type { Tag } from './tag.js';
import type { TagRepository, TagUnitOfWork } from './tag-repository.js';

const name = text({ min: 1, max: 50, label: 'Tag name' });
const color = z
  .string()
  .regex(/^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/, 'Color must be a hex color such as "#3b82f6"');

const createSchema = z.object({ name, color: color.nullish().transform((value) => value ?? null) });
/** Absent means unchanged; a null color removes it. */
const updateSchema = z.object({ name: name.optional(), color: color.nullable().optional() });

/** Optimistic attempts at one change before giving up (each means a concurrent change won). */
const MAX_CHANGE_ATTEMPTS = 10;

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
 * Every change is written with its outbox event in one statement; an edit or a delete is optimistic
 * (read, decide, then apply only if the tag is still as read, else read again), like tasks'.
 */
export class TagService {
  constructor(private readonly deps: { work: TagUnitOfWork; now?: () => Date }) {}

  private now() {
    return this.deps.now?.() ?? new Date();
  }

  list(identity: Identity): Promise<Tag[]> {
    return this.deps.work.run(requireUser(identity), (tags) => tags.list());
  }

  async create(caller: Caller, input: unknown): Promise<Tag> {
    const ownerId = requireUser(caller);
    const fields = parseInput(createSchema, input);
    const now = this.now();
    const tag: Tag = { id: crypto.randomUUID(), ownerId, ...fields, createdAt: now, updatedAt: now };
    await this.deps.work.run(ownerId, (tags) =>
      tags.insert(tag, [this.event('TagCreated', tag, caller, { tag: toSnapshot(tag) })]),
    );
    return tag;
  }

  async update(caller: Caller, id: string, input: unknown): Promise<Tag> {
    const ownerId = requireUser(caller);
    const { name, color } = parseInput(updateSchema, input);
    if (!isUuid(id)) throw notFound('Tag');
    return this.deps.work.run(ownerId, (tags) =>
      this.changeIn(tags, id, async (before) => {
        const patch = {
          ...(name !== undefined && name !== before.name ? { name } : {}),
          ...(color !== undefined && color !== before.color ? { color } : {}),
        };
        if (Object.keys(patch).length === 0) return before;
        const updatedAt = new Date(Math.max(this.now().getTime(), before.updatedAt.getTime() + 1));
        const tag = { ...before, ...patch, updatedAt };
        const changes = diff(toSnapshot(before), toSnapshot(tag));
        const event = this.event('TagUpdated', tag, caller, { tag: toSnapshot(tag), changes });
        return (await tags.updateIfUnchanged(before, { ...patch, updatedAt }, [event])) ? tag : null;
      }),
    );
  }

  async delete(caller: Caller, id: string): Promise<boolean> {
    const ownerId = requireUser(caller);
    if (!isUuid(id)) throw notFound('Tag');
    await this.deps.work.run(ownerId, (tags) =>
      this.changeIn(tags, id, async (before) => {
        const event = this.event('TagDeleted', before, caller, { tag: toSnapshot(before) });
        return (await tags.deleteIfUnchanged(before, [event])) ? before : null;
      }),
    );
    return true;
  }

  /** The caller's tags among `ids` (federation references, `Task.tags`), in one query. */
  findOwnedByIds(identity: Identity, ids: readonly string[]): Promise<Map<string, Tag>> {
    return findOwnedByIds(
      identity,
      ids,
      (ownerId, valid) => this.deps.work.run(ownerId, (tags) => tags.findByIds(valid)),
      (tag) => tag.id,
    );
  }

  /** Reads the tag and lets `attempt` apply its change; null from `attempt`: it changed meanwhile, again. */
  private async changeIn(
    tags: TagRepository,
    id: string,
    attempt: (before: Tag) => Promise<Tag | null>,
  ): Promise<Tag> {
    for (let tries = 1; ; tries++) {
      const before = await tags.find(id);
      if (!before) throw notFound('Tag');
      const after = await attempt(before);
      if (after) return after;
      if (tries === MAX_CHANGE_ATTEMPTS) {
        throw new DomainError('CONFLICT', 'The tag keeps changing under this edit; try again');
      }
    }
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
}
