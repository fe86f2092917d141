import { type CallerCredentials, DomainError, EntityClient, type Logger } from '@taskflow/common';

/** Asks the tags subgraph (the owner of tags) which ids are the caller's: another user's tag comes back null. */
export class TagDirectory {
  private readonly tags: EntityClient<{ id: string }>;

  constructor(tagsUrl: string, log: Logger) {
    this.tags = new EntityClient(tagsUrl, 'Tag', 'id', log);
  }

  async assertOwned(caller: CallerCredentials, tagIds: string[]): Promise<void> {
    const found = await this.tags.resolve(caller, tagIds);
    const missing = tagIds.filter((_, index) => !found[index]);
    if (missing.length > 0)
      throw new DomainError('NOT_FOUND', `Tag not found: ${missing.join(', ')}`, { field: 'tagIds' });
  }

  close() {
    return this.tags.close();
  }
}
