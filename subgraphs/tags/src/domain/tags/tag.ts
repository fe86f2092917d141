export interface Tag {
  id: string;
  ownerId: string;
  name: string;
  color: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** A `Task` entity as the tags subgraph sees it: its id and, through @requires, its tag ids. */
export interface TaskTagIds {
  id: string;
  tagIds?: string[];
}
