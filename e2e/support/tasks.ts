import type { GraphQLClient } from './client.js';

export const TASK_FIELDS = `id title description priority status dueAt completedAt deletedAt createdAt updatedAt seriesId tagIds
  recurrence { rule timezone basis text }`;

export interface TaskShape {
  id: string;
  title: string;
  description: string | null;
  priority: 'LOW' | 'MEDIUM' | 'HIGH' | 'URGENT';
  status: 'OPEN' | 'COMPLETED';
  dueAt: string | null;
  completedAt: string | null;
  deletedAt: string | null;
  createdAt: string;
  updatedAt: string;
  seriesId: string | null;
  tagIds: string[];
  recurrence: { rule: string; timezone: string; basis: string; text: string } | null;
}

export const CREATE_TASK = `mutation ($input: CreateTaskInput!) { createTask(input: $input) { ${TASK_FIELDS} } }`;
export const UPDATE_TASK = `mutation ($id: ID!, $input: UpdateTaskInput!) { updateTask(id: $id, input: $input) { ${TASK_FIELDS} } }`;
export const GET_TASK = `query ($id: ID!) { task(id: $id) { ${TASK_FIELDS} } }`;
export const LIST_TASKS = `query ($filter: TaskFilter, $orderBy: [TaskOrder!], $first: Int, $after: String) {
  tasks(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { ${TASK_FIELDS} } }
  }
}`;

export interface TaskPageShape {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { cursor: string; node: TaskShape }[];
}

export async function createTask(
  client: GraphQLClient,
  token: string,
  input: Record<string, unknown>,
): Promise<TaskShape> {
  const { createTask } = await client.data<{ createTask: TaskShape }>(CREATE_TASK, { input }, { token });
  return createTask;
}

export async function createTag(
  client: GraphQLClient,
  token: string,
  name: string,
  color?: string,
): Promise<{ id: string; name: string }> {
  const { createTag } = await client.data<{ createTag: { id: string; name: string } }>(
    `mutation ($input: CreateTagInput!) { createTag(input: $input) { id name color } }`,
    { input: { name, color } },
    { token },
  );
  return createTag;
}

export async function listTasks(
  client: GraphQLClient,
  token: string,
  variables: Record<string, unknown> = {},
) {
  const { tasks } = await client.data<{ tasks: TaskPageShape }>(LIST_TASKS, variables, { token });
  return tasks;
}

/** Every task of a query, page by page, with how many pages it took. */
export async function walkAllPages(
  client: GraphQLClient,
  token: string,
  variables: Record<string, unknown>,
  pageSize: number,
) {
  const seen: TaskShape[] = [];
  let after: string | null = null;
  let pages = 0;
  for (;;) {
    const page: TaskPageShape = await listTasks(client, token, { ...variables, first: pageSize, after });
    pages++;
    seen.push(...page.edges.map((edge) => edge.node));
    if (!page.pageInfo.hasNextPage) return { tasks: seen, pages };
    after = page.pageInfo.endCursor;
    if (pages > 1_000) throw new Error('paging does not end');
  }
}
