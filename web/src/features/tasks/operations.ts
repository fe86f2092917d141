import { graphql } from '../../gql';

export const TaskListQuery = graphql(`
  query TaskList($filter: TaskFilter, $orderBy: [TaskOrder!], $first: Int, $after: String) {
    tasks(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          id
          ...TaskRow_TaskFragment
        }
      }
    }
  }
`);

export const TaskEditorTaskQuery = graphql(`
  query TaskEditorTask($id: ID!) {
    task(id: $id) {
      id
      ...TaskEditor_TaskFragment
    }
  }
`);

export const CreateTaskMutation = graphql(`
  mutation CreateTask($input: CreateTaskInput!) {
    createTask(input: $input) {
      id
      ...TaskRow_TaskFragment
    }
  }
`);

export const UpdateTaskMutation = graphql(`
  mutation UpdateTask($id: ID!, $input: UpdateTaskInput!) {
    updateTask(id: $id, input: $input) {
      id
      ...TaskRow_TaskFragment
      ...TaskEditor_TaskFragment
    }
  }
`);

export const CompleteTaskMutation = graphql(`
  mutation CompleteTask($id: ID!) {
    completeTask(id: $id) {
      id
      status
      completedAt
      updatedAt
    }
  }
`);

export const ReopenTaskMutation = graphql(`
  mutation ReopenTask($id: ID!) {
    reopenTask(id: $id) {
      id
      status
      completedAt
      updatedAt
    }
  }
`);

export const DeleteTaskMutation = graphql(`
  mutation DeleteTask($id: ID!) {
    deleteTask(id: $id) {
      id
      deletedAt
      updatedAt
    }
  }
`);

export const RestoreTaskMutation = graphql(`
  mutation RestoreTask($id: ID!) {
    restoreTask(id: $id) {
      id
      deletedAt
      updatedAt
    }
  }
`);

export const SetTaskTagsMutation = graphql(`
  mutation SetTaskTags($taskId: ID!, $tagIds: [ID!]!) {
    setTaskTags(taskId: $taskId, tagIds: $tagIds) {
      id
      tags {
        id
        ...TagChip_TagFragment
      }
    }
  }
`);
