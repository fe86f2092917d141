/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  subscription TaskChanged($since: ID) {\n    taskChanged(since: $since) {\n      __typename\n      eventId\n      kind\n      taskId\n      at\n      task {\n        __typename\n        id\n        # What the task list shows, plus the editor's fields (its next occurrences it asks for itself).\n        ...TaskRow_TaskFragment\n        seriesId\n        recurrence {\n          __typename\n          timezone\n          basis\n        }\n      }\n    }\n  }\n": typeof types.TaskChangedDocument,
    "\n  subscription NotificationReceived {\n    notificationReceived {\n      __typename\n      id\n      ...NotificationBell_NotificationFragment\n    }\n  }\n": typeof types.NotificationReceivedDocument,
    "\n  query AuditLog($first: Int, $after: String) {\n    auditLog(first: $first, after: $after) {\n      ...Audit_AuditPageFragment\n    }\n  }\n": typeof types.AuditLogDocument,
    "\n  fragment Audit_AuditEntryFragment on AuditEntry {\n    __typename\n    id\n    at\n    action\n    entityType\n    entityId\n    changes\n    correlationId\n    actor {\n      __typename\n      id\n      name\n      email\n    }\n  }\n": typeof types.Audit_AuditEntryFragmentFragmentDoc,
    "\n  fragment Audit_AuditPageFragment on AuditEntryConnection {\n    __typename\n    totalCount\n    pageInfo {\n      __typename\n      hasNextPage\n      endCursor\n    }\n    edges {\n      __typename\n      cursor\n      node {\n        __typename\n        id\n        ...Audit_AuditEntryFragment\n      }\n    }\n  }\n": typeof types.Audit_AuditPageFragmentFragmentDoc,
    "\n  query Me {\n    me {\n      id\n      email\n      name\n    }\n  }\n": typeof types.MeDocument,
    "\n  mutation SignIn($input: SignInInput!) {\n    signIn(input: $input) {\n      token\n      expiresAt\n      user {\n        id\n        email\n        name\n      }\n    }\n  }\n": typeof types.SignInDocument,
    "\n  mutation SignUp($input: SignUpInput!) {\n    signUp(input: $input) {\n      token\n      expiresAt\n      user {\n        id\n        email\n        name\n      }\n    }\n  }\n": typeof types.SignUpDocument,
    "\n  mutation SignOut {\n    signOut\n  }\n": typeof types.SignOutDocument,
    "\n  mutation RefreshToken {\n    refreshToken {\n      token\n      expiresAt\n      user {\n        id\n        email\n        name\n      }\n    }\n  }\n": typeof types.RefreshTokenDocument,
    "\n  fragment ApiKeyRow_ApiKeyFragment on ApiKey {\n    id\n    name\n    prefix\n    scopes\n    createdAt\n    lastUsedAt\n  }\n": typeof types.ApiKeyRow_ApiKeyFragmentFragmentDoc,
    "\n  query ApiKeys {\n    apiKeys {\n      id\n      ...ApiKeyRow_ApiKeyFragment\n    }\n  }\n": typeof types.ApiKeysDocument,
    "\n  mutation CreateApiKey($name: String!, $scopes: [ApiKeyScope!]) {\n    createApiKey(name: $name, scopes: $scopes) {\n      key\n      apiKey {\n        id\n        ...ApiKeyRow_ApiKeyFragment\n      }\n    }\n  }\n": typeof types.CreateApiKeyDocument,
    "\n  mutation RevokeApiKey($id: ID!) {\n    revokeApiKey(id: $id)\n  }\n": typeof types.RevokeApiKeyDocument,
    "\n  fragment NotificationBell_NotificationFragment on Notification {\n    __typename\n    id\n    kind\n    message\n    createdAt\n    readAt\n    task {\n      __typename\n      id\n      title\n    }\n  }\n": typeof types.NotificationBell_NotificationFragmentFragmentDoc,
    "\n  query Notifications($first: Int, $after: String) {\n    notifications(first: $first, after: $after) {\n      __typename\n      totalCount\n      pageInfo {\n        __typename\n        hasNextPage\n        endCursor\n      }\n      edges {\n        __typename\n        cursor\n        node {\n          __typename\n          id\n          ...NotificationBell_NotificationFragment\n        }\n      }\n    }\n    unread: notifications(unreadOnly: true, first: 1) {\n      __typename\n      totalCount\n    }\n  }\n": typeof types.NotificationsDocument,
    "\n  mutation MarkNotificationRead($id: ID!) {\n    markNotificationRead(id: $id) {\n      __typename\n      id\n      readAt\n    }\n  }\n": typeof types.MarkNotificationReadDocument,
    "\n  mutation MarkAllNotificationsRead {\n    markAllNotificationsRead\n  }\n": typeof types.MarkAllNotificationsReadDocument,
    "\n  fragment TagRow_TagFragment on Tag {\n    id\n    name\n    color\n    taskCount\n  }\n": typeof types.TagRow_TagFragmentFragmentDoc,
    "\n  query TagManager {\n    tags {\n      id\n      ...TagRow_TagFragment\n    }\n  }\n": typeof types.TagManagerDocument,
    "\n  query TagOptions {\n    tags {\n      id\n      name\n      color\n    }\n  }\n": typeof types.TagOptionsDocument,
    "\n  mutation CreateTag($input: CreateTagInput!) {\n    createTag(input: $input) {\n      id\n      name\n      color\n      taskCount\n    }\n  }\n": typeof types.CreateTagDocument,
    "\n  mutation UpdateTag($id: ID!, $input: UpdateTagInput!) {\n    updateTag(id: $id, input: $input) {\n      id\n      name\n      color\n    }\n  }\n": typeof types.UpdateTagDocument,
    "\n  mutation DeleteTag($id: ID!) {\n    deleteTag(id: $id)\n  }\n": typeof types.DeleteTagDocument,
    "\n  fragment TaskEditor_TaskFragment on Task {\n    id\n    title\n    description\n    priority\n    status\n    dueAt\n    deletedAt\n    tags {\n      id\n      name\n      color\n    }\n    recurrence {\n      rule\n      timezone\n      basis\n      text\n      nextOccurrences(count: 5)\n    }\n  }\n": typeof types.TaskEditor_TaskFragmentFragmentDoc,
    "\n  query TaskHistory($id: ID!, $first: Int, $after: String) {\n    task(id: $id) {\n      __typename\n      id\n      history(first: $first, after: $after) {\n        ...Audit_AuditPageFragment\n      }\n    }\n  }\n": typeof types.TaskHistoryDocument,
    "\n  fragment TaskReminders_ReminderFragment on Reminder {\n    __typename\n    id\n    taskId\n    remindAt\n    minutesBefore\n    firedAt\n  }\n": typeof types.TaskReminders_ReminderFragmentFragmentDoc,
    "\n  query TaskReminders($id: ID!) {\n    task(id: $id) {\n      __typename\n      id\n      reminders {\n        __typename\n        id\n        ...TaskReminders_ReminderFragment\n      }\n    }\n  }\n": typeof types.TaskRemindersDocument,
    "\n  mutation AddReminder($taskId: ID!, $input: ReminderInput!) {\n    addReminder(taskId: $taskId, input: $input) {\n      __typename\n      id\n      ...TaskReminders_ReminderFragment\n    }\n  }\n": typeof types.AddReminderDocument,
    "\n  mutation RemoveReminder($id: ID!) {\n    removeReminder(id: $id)\n  }\n": typeof types.RemoveReminderDocument,
    "\n  fragment TaskRow_TaskFragment on Task {\n    id\n    title\n    description\n    priority\n    status\n    dueAt\n    completedAt\n    deletedAt\n    createdAt\n    updatedAt\n    recurrence {\n      rule\n      text\n    }\n    tags {\n      id\n      ...TagChip_TagFragment\n    }\n  }\n": typeof types.TaskRow_TaskFragmentFragmentDoc,
    "\n  query TaskList($filter: TaskFilter, $orderBy: [TaskOrder!], $first: Int, $after: String) {\n    tasks(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          id\n          ...TaskRow_TaskFragment\n        }\n      }\n    }\n  }\n": typeof types.TaskListDocument,
    "\n  query TaskEditorTask($id: ID!) {\n    task(id: $id) {\n      id\n      ...TaskEditor_TaskFragment\n    }\n  }\n": typeof types.TaskEditorTaskDocument,
    "\n  mutation CreateTask($input: CreateTaskInput!) {\n    createTask(input: $input) {\n      id\n      ...TaskRow_TaskFragment\n    }\n  }\n": typeof types.CreateTaskDocument,
    "\n  mutation UpdateTask($id: ID!, $input: UpdateTaskInput!) {\n    updateTask(id: $id, input: $input) {\n      id\n      ...TaskRow_TaskFragment\n      ...TaskEditor_TaskFragment\n    }\n  }\n": typeof types.UpdateTaskDocument,
    "\n  mutation CompleteTask($id: ID!) {\n    completeTask(id: $id) {\n      id\n      status\n      completedAt\n      updatedAt\n    }\n  }\n": typeof types.CompleteTaskDocument,
    "\n  mutation ReopenTask($id: ID!) {\n    reopenTask(id: $id) {\n      id\n      status\n      completedAt\n      updatedAt\n    }\n  }\n": typeof types.ReopenTaskDocument,
    "\n  mutation DeleteTask($id: ID!) {\n    deleteTask(id: $id) {\n      id\n      deletedAt\n      updatedAt\n    }\n  }\n": typeof types.DeleteTaskDocument,
    "\n  mutation RestoreTask($id: ID!) {\n    restoreTask(id: $id) {\n      id\n      deletedAt\n      updatedAt\n    }\n  }\n": typeof types.RestoreTaskDocument,
    "\n  mutation SetTaskTags($taskId: ID!, $tagIds: [ID!]!) {\n    setTaskTags(taskId: $taskId, tagIds: $tagIds) {\n      id\n      tags {\n        id\n        ...TagChip_TagFragment\n      }\n    }\n  }\n": typeof types.SetTaskTagsDocument,
    "\n  fragment TagChip_TagFragment on Tag {\n    id\n    name\n    color\n  }\n": typeof types.TagChip_TagFragmentFragmentDoc,
};
const documents: Documents = {
    "\n  subscription TaskChanged($since: ID) {\n    taskChanged(since: $since) {\n      __typename\n      eventId\n      kind\n      taskId\n      at\n      task {\n        __typename\n        id\n        # What the task list shows, plus the editor's fields (its next occurrences it asks for itself).\n        ...TaskRow_TaskFragment\n        seriesId\n        recurrence {\n          __typename\n          timezone\n          basis\n        }\n      }\n    }\n  }\n": types.TaskChangedDocument,
    "\n  subscription NotificationReceived {\n    notificationReceived {\n      __typename\n      id\n      ...NotificationBell_NotificationFragment\n    }\n  }\n": types.NotificationReceivedDocument,
    "\n  query AuditLog($first: Int, $after: String) {\n    auditLog(first: $first, after: $after) {\n      ...Audit_AuditPageFragment\n    }\n  }\n": types.AuditLogDocument,
    "\n  fragment Audit_AuditEntryFragment on AuditEntry {\n    __typename\n    id\n    at\n    action\n    entityType\n    entityId\n    changes\n    correlationId\n    actor {\n      __typename\n      id\n      name\n      email\n    }\n  }\n": types.Audit_AuditEntryFragmentFragmentDoc,
    "\n  fragment Audit_AuditPageFragment on AuditEntryConnection {\n    __typename\n    totalCount\n    pageInfo {\n      __typename\n      hasNextPage\n      endCursor\n    }\n    edges {\n      __typename\n      cursor\n      node {\n        __typename\n        id\n        ...Audit_AuditEntryFragment\n      }\n    }\n  }\n": types.Audit_AuditPageFragmentFragmentDoc,
    "\n  query Me {\n    me {\n      id\n      email\n      name\n    }\n  }\n": types.MeDocument,
    "\n  mutation SignIn($input: SignInInput!) {\n    signIn(input: $input) {\n      token\n      expiresAt\n      user {\n        id\n        email\n        name\n      }\n    }\n  }\n": types.SignInDocument,
    "\n  mutation SignUp($input: SignUpInput!) {\n    signUp(input: $input) {\n      token\n      expiresAt\n      user {\n        id\n        email\n        name\n      }\n    }\n  }\n": types.SignUpDocument,
    "\n  mutation SignOut {\n    signOut\n  }\n": types.SignOutDocument,
    "\n  mutation RefreshToken {\n    refreshToken {\n      token\n      expiresAt\n      user {\n        id\n        email\n        name\n      }\n    }\n  }\n": types.RefreshTokenDocument,
    "\n  fragment ApiKeyRow_ApiKeyFragment on ApiKey {\n    id\n    name\n    prefix\n    scopes\n    createdAt\n    lastUsedAt\n  }\n": types.ApiKeyRow_ApiKeyFragmentFragmentDoc,
    "\n  query ApiKeys {\n    apiKeys {\n      id\n      ...ApiKeyRow_ApiKeyFragment\n    }\n  }\n": types.ApiKeysDocument,
    "\n  mutation CreateApiKey($name: String!, $scopes: [ApiKeyScope!]) {\n    createApiKey(name: $name, scopes: $scopes) {\n      key\n      apiKey {\n        id\n        ...ApiKeyRow_ApiKeyFragment\n      }\n    }\n  }\n": types.CreateApiKeyDocument,
    "\n  mutation RevokeApiKey($id: ID!) {\n    revokeApiKey(id: $id)\n  }\n": types.RevokeApiKeyDocument,
    "\n  fragment NotificationBell_NotificationFragment on Notification {\n    __typename\n    id\n    kind\n    message\n    createdAt\n    readAt\n    task {\n      __typename\n      id\n      title\n    }\n  }\n": types.NotificationBell_NotificationFragmentFragmentDoc,
    "\n  query Notifications($first: Int, $after: String) {\n    notifications(first: $first, after: $after) {\n      __typename\n      totalCount\n      pageInfo {\n        __typename\n        hasNextPage\n        endCursor\n      }\n      edges {\n        __typename\n        cursor\n        node {\n          __typename\n          id\n          ...NotificationBell_NotificationFragment\n        }\n      }\n    }\n    unread: notifications(unreadOnly: true, first: 1) {\n      __typename\n      totalCount\n    }\n  }\n": types.NotificationsDocument,
    "\n  mutation MarkNotificationRead($id: ID!) {\n    markNotificationRead(id: $id) {\n      __typename\n      id\n      readAt\n    }\n  }\n": types.MarkNotificationReadDocument,
    "\n  mutation MarkAllNotificationsRead {\n    markAllNotificationsRead\n  }\n": types.MarkAllNotificationsReadDocument,
    "\n  fragment TagRow_TagFragment on Tag {\n    id\n    name\n    color\n    taskCount\n  }\n": types.TagRow_TagFragmentFragmentDoc,
    "\n  query TagManager {\n    tags {\n      id\n      ...TagRow_TagFragment\n    }\n  }\n": types.TagManagerDocument,
    "\n  query TagOptions {\n    tags {\n      id\n      name\n      color\n    }\n  }\n": types.TagOptionsDocument,
    "\n  mutation CreateTag($input: CreateTagInput!) {\n    createTag(input: $input) {\n      id\n      name\n      color\n      taskCount\n    }\n  }\n": types.CreateTagDocument,
    "\n  mutation UpdateTag($id: ID!, $input: UpdateTagInput!) {\n    updateTag(id: $id, input: $input) {\n      id\n      name\n      color\n    }\n  }\n": types.UpdateTagDocument,
    "\n  mutation DeleteTag($id: ID!) {\n    deleteTag(id: $id)\n  }\n": types.DeleteTagDocument,
    "\n  fragment TaskEditor_TaskFragment on Task {\n    id\n    title\n    description\n    priority\n    status\n    dueAt\n    deletedAt\n    tags {\n      id\n      name\n      color\n    }\n    recurrence {\n      rule\n      timezone\n      basis\n      text\n      nextOccurrences(count: 5)\n    }\n  }\n": types.TaskEditor_TaskFragmentFragmentDoc,
    "\n  query TaskHistory($id: ID!, $first: Int, $after: String) {\n    task(id: $id) {\n      __typename\n      id\n      history(first: $first, after: $after) {\n        ...Audit_AuditPageFragment\n      }\n    }\n  }\n": types.TaskHistoryDocument,
    "\n  fragment TaskReminders_ReminderFragment on Reminder {\n    __typename\n    id\n    taskId\n    remindAt\n    minutesBefore\n    firedAt\n  }\n": types.TaskReminders_ReminderFragmentFragmentDoc,
    "\n  query TaskReminders($id: ID!) {\n    task(id: $id) {\n      __typename\n      id\n      reminders {\n        __typename\n        id\n        ...TaskReminders_ReminderFragment\n      }\n    }\n  }\n": types.TaskRemindersDocument,
    "\n  mutation AddReminder($taskId: ID!, $input: ReminderInput!) {\n    addReminder(taskId: $taskId, input: $input) {\n      __typename\n      id\n      ...TaskReminders_ReminderFragment\n    }\n  }\n": types.AddReminderDocument,
    "\n  mutation RemoveReminder($id: ID!) {\n    removeReminder(id: $id)\n  }\n": types.RemoveReminderDocument,
    "\n  fragment TaskRow_TaskFragment on Task {\n    id\n    title\n    description\n    priority\n    status\n    dueAt\n    completedAt\n    deletedAt\n    createdAt\n    updatedAt\n    recurrence {\n      rule\n      text\n    }\n    tags {\n      id\n      ...TagChip_TagFragment\n    }\n  }\n": types.TaskRow_TaskFragmentFragmentDoc,
    "\n  query TaskList($filter: TaskFilter, $orderBy: [TaskOrder!], $first: Int, $after: String) {\n    tasks(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          id\n          ...TaskRow_TaskFragment\n        }\n      }\n    }\n  }\n": types.TaskListDocument,
    "\n  query TaskEditorTask($id: ID!) {\n    task(id: $id) {\n      id\n      ...TaskEditor_TaskFragment\n    }\n  }\n": types.TaskEditorTaskDocument,
    "\n  mutation CreateTask($input: CreateTaskInput!) {\n    createTask(input: $input) {\n      id\n      ...TaskRow_TaskFragment\n    }\n  }\n": types.CreateTaskDocument,
    "\n  mutation UpdateTask($id: ID!, $input: UpdateTaskInput!) {\n    updateTask(id: $id, input: $input) {\n      id\n      ...TaskRow_TaskFragment\n      ...TaskEditor_TaskFragment\n    }\n  }\n": types.UpdateTaskDocument,
    "\n  mutation CompleteTask($id: ID!) {\n    completeTask(id: $id) {\n      id\n      status\n      completedAt\n      updatedAt\n    }\n  }\n": types.CompleteTaskDocument,
    "\n  mutation ReopenTask($id: ID!) {\n    reopenTask(id: $id) {\n      id\n      status\n      completedAt\n      updatedAt\n    }\n  }\n": types.ReopenTaskDocument,
    "\n  mutation DeleteTask($id: ID!) {\n    deleteTask(id: $id) {\n      id\n      deletedAt\n      updatedAt\n    }\n  }\n": types.DeleteTaskDocument,
    "\n  mutation RestoreTask($id: ID!) {\n    restoreTask(id: $id) {\n      id\n      deletedAt\n      updatedAt\n    }\n  }\n": types.RestoreTaskDocument,
    "\n  mutation SetTaskTags($taskId: ID!, $tagIds: [ID!]!) {\n    setTaskTags(taskId: $taskId, tagIds: $tagIds) {\n      id\n      tags {\n        id\n        ...TagChip_TagFragment\n      }\n    }\n  }\n": types.SetTaskTagsDocument,
    "\n  fragment TagChip_TagFragment on Tag {\n    id\n    name\n    color\n  }\n": types.TagChip_TagFragmentFragmentDoc,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription TaskChanged($since: ID) {\n    taskChanged(since: $since) {\n      __typename\n      eventId\n      kind\n      taskId\n      at\n      task {\n        __typename\n        id\n        # What the task list shows, plus the editor's fields (its next occurrences it asks for itself).\n        ...TaskRow_TaskFragment\n        seriesId\n        recurrence {\n          __typename\n          timezone\n          basis\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription TaskChanged($since: ID) {\n    taskChanged(since: $since) {\n      __typename\n      eventId\n      kind\n      taskId\n      at\n      task {\n        __typename\n        id\n        # What the task list shows, plus the editor's fields (its next occurrences it asks for itself).\n        ...TaskRow_TaskFragment\n        seriesId\n        recurrence {\n          __typename\n          timezone\n          basis\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription NotificationReceived {\n    notificationReceived {\n      __typename\n      id\n      ...NotificationBell_NotificationFragment\n    }\n  }\n"): (typeof documents)["\n  subscription NotificationReceived {\n    notificationReceived {\n      __typename\n      id\n      ...NotificationBell_NotificationFragment\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AuditLog($first: Int, $after: String) {\n    auditLog(first: $first, after: $after) {\n      ...Audit_AuditPageFragment\n    }\n  }\n"): (typeof documents)["\n  query AuditLog($first: Int, $after: String) {\n    auditLog(first: $first, after: $after) {\n      ...Audit_AuditPageFragment\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment Audit_AuditEntryFragment on AuditEntry {\n    __typename\n    id\n    at\n    action\n    entityType\n    entityId\n    changes\n    correlationId\n    actor {\n      __typename\n      id\n      name\n      email\n    }\n  }\n"): (typeof documents)["\n  fragment Audit_AuditEntryFragment on AuditEntry {\n    __typename\n    id\n    at\n    action\n    entityType\n    entityId\n    changes\n    correlationId\n    actor {\n      __typename\n      id\n      name\n      email\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment Audit_AuditPageFragment on AuditEntryConnection {\n    __typename\n    totalCount\n    pageInfo {\n      __typename\n      hasNextPage\n      endCursor\n    }\n    edges {\n      __typename\n      cursor\n      node {\n        __typename\n        id\n        ...Audit_AuditEntryFragment\n      }\n    }\n  }\n"): (typeof documents)["\n  fragment Audit_AuditPageFragment on AuditEntryConnection {\n    __typename\n    totalCount\n    pageInfo {\n      __typename\n      hasNextPage\n      endCursor\n    }\n    edges {\n      __typename\n      cursor\n      node {\n        __typename\n        id\n        ...Audit_AuditEntryFragment\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Me {\n    me {\n      id\n      email\n      name\n    }\n  }\n"): (typeof documents)["\n  query Me {\n    me {\n      id\n      email\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SignIn($input: SignInInput!) {\n    signIn(input: $input) {\n      token\n      expiresAt\n      user {\n        id\n        email\n        name\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation SignIn($input: SignInInput!) {\n    signIn(input: $input) {\n      token\n      expiresAt\n      user {\n        id\n        email\n        name\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SignUp($input: SignUpInput!) {\n    signUp(input: $input) {\n      token\n      expiresAt\n      user {\n        id\n        email\n        name\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation SignUp($input: SignUpInput!) {\n    signUp(input: $input) {\n      token\n      expiresAt\n      user {\n        id\n        email\n        name\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SignOut {\n    signOut\n  }\n"): (typeof documents)["\n  mutation SignOut {\n    signOut\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RefreshToken {\n    refreshToken {\n      token\n      expiresAt\n      user {\n        id\n        email\n        name\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation RefreshToken {\n    refreshToken {\n      token\n      expiresAt\n      user {\n        id\n        email\n        name\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ApiKeyRow_ApiKeyFragment on ApiKey {\n    id\n    name\n    prefix\n    scopes\n    createdAt\n    lastUsedAt\n  }\n"): (typeof documents)["\n  fragment ApiKeyRow_ApiKeyFragment on ApiKey {\n    id\n    name\n    prefix\n    scopes\n    createdAt\n    lastUsedAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ApiKeys {\n    apiKeys {\n      id\n      ...ApiKeyRow_ApiKeyFragment\n    }\n  }\n"): (typeof documents)["\n  query ApiKeys {\n    apiKeys {\n      id\n      ...ApiKeyRow_ApiKeyFragment\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateApiKey($name: String!, $scopes: [ApiKeyScope!]) {\n    createApiKey(name: $name, scopes: $scopes) {\n      key\n      apiKey {\n        id\n        ...ApiKeyRow_ApiKeyFragment\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation CreateApiKey($name: String!, $scopes: [ApiKeyScope!]) {\n    createApiKey(name: $name, scopes: $scopes) {\n      key\n      apiKey {\n        id\n        ...ApiKeyRow_ApiKeyFragment\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeApiKey($id: ID!) {\n    revokeApiKey(id: $id)\n  }\n"): (typeof documents)["\n  mutation RevokeApiKey($id: ID!) {\n    revokeApiKey(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment NotificationBell_NotificationFragment on Notification {\n    __typename\n    id\n    kind\n    message\n    createdAt\n    readAt\n    task {\n      __typename\n      id\n      title\n    }\n  }\n"): (typeof documents)["\n  fragment NotificationBell_NotificationFragment on Notification {\n    __typename\n    id\n    kind\n    message\n    createdAt\n    readAt\n    task {\n      __typename\n      id\n      title\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Notifications($first: Int, $after: String) {\n    notifications(first: $first, after: $after) {\n      __typename\n      totalCount\n      pageInfo {\n        __typename\n        hasNextPage\n        endCursor\n      }\n      edges {\n        __typename\n        cursor\n        node {\n          __typename\n          id\n          ...NotificationBell_NotificationFragment\n        }\n      }\n    }\n    unread: notifications(unreadOnly: true, first: 1) {\n      __typename\n      totalCount\n    }\n  }\n"): (typeof documents)["\n  query Notifications($first: Int, $after: String) {\n    notifications(first: $first, after: $after) {\n      __typename\n      totalCount\n      pageInfo {\n        __typename\n        hasNextPage\n        endCursor\n      }\n      edges {\n        __typename\n        cursor\n        node {\n          __typename\n          id\n          ...NotificationBell_NotificationFragment\n        }\n      }\n    }\n    unread: notifications(unreadOnly: true, first: 1) {\n      __typename\n      totalCount\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation MarkNotificationRead($id: ID!) {\n    markNotificationRead(id: $id) {\n      __typename\n      id\n      readAt\n    }\n  }\n"): (typeof documents)["\n  mutation MarkNotificationRead($id: ID!) {\n    markNotificationRead(id: $id) {\n      __typename\n      id\n      readAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation MarkAllNotificationsRead {\n    markAllNotificationsRead\n  }\n"): (typeof documents)["\n  mutation MarkAllNotificationsRead {\n    markAllNotificationsRead\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment TagRow_TagFragment on Tag {\n    id\n    name\n    color\n    taskCount\n  }\n"): (typeof documents)["\n  fragment TagRow_TagFragment on Tag {\n    id\n    name\n    color\n    taskCount\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TagManager {\n    tags {\n      id\n      ...TagRow_TagFragment\n    }\n  }\n"): (typeof documents)["\n  query TagManager {\n    tags {\n      id\n      ...TagRow_TagFragment\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TagOptions {\n    tags {\n      id\n      name\n      color\n    }\n  }\n"): (typeof documents)["\n  query TagOptions {\n    tags {\n      id\n      name\n      color\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateTag($input: CreateTagInput!) {\n    createTag(input: $input) {\n      id\n      name\n      color\n      taskCount\n    }\n  }\n"): (typeof documents)["\n  mutation CreateTag($input: CreateTagInput!) {\n    createTag(input: $input) {\n      id\n      name\n      color\n      taskCount\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateTag($id: ID!, $input: UpdateTagInput!) {\n    updateTag(id: $id, input: $input) {\n      id\n      name\n      color\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateTag($id: ID!, $input: UpdateTagInput!) {\n    updateTag(id: $id, input: $input) {\n      id\n      name\n      color\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteTag($id: ID!) {\n    deleteTag(id: $id)\n  }\n"): (typeof documents)["\n  mutation DeleteTag($id: ID!) {\n    deleteTag(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment TaskEditor_TaskFragment on Task {\n    id\n    title\n    description\n    priority\n    status\n    dueAt\n    deletedAt\n    tags {\n      id\n      name\n      color\n    }\n    recurrence {\n      rule\n      timezone\n      basis\n      text\n      nextOccurrences(count: 5)\n    }\n  }\n"): (typeof documents)["\n  fragment TaskEditor_TaskFragment on Task {\n    id\n    title\n    description\n    priority\n    status\n    dueAt\n    deletedAt\n    tags {\n      id\n      name\n      color\n    }\n    recurrence {\n      rule\n      timezone\n      basis\n      text\n      nextOccurrences(count: 5)\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TaskHistory($id: ID!, $first: Int, $after: String) {\n    task(id: $id) {\n      __typename\n      id\n      history(first: $first, after: $after) {\n        ...Audit_AuditPageFragment\n      }\n    }\n  }\n"): (typeof documents)["\n  query TaskHistory($id: ID!, $first: Int, $after: String) {\n    task(id: $id) {\n      __typename\n      id\n      history(first: $first, after: $after) {\n        ...Audit_AuditPageFragment\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment TaskReminders_ReminderFragment on Reminder {\n    __typename\n    id\n    taskId\n    remindAt\n    minutesBefore\n    firedAt\n  }\n"): (typeof documents)["\n  fragment TaskReminders_ReminderFragment on Reminder {\n    __typename\n    id\n    taskId\n    remindAt\n    minutesBefore\n    firedAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TaskReminders($id: ID!) {\n    task(id: $id) {\n      __typename\n      id\n      reminders {\n        __typename\n        id\n        ...TaskReminders_ReminderFragment\n      }\n    }\n  }\n"): (typeof documents)["\n  query TaskReminders($id: ID!) {\n    task(id: $id) {\n      __typename\n      id\n      reminders {\n        __typename\n        id\n        ...TaskReminders_ReminderFragment\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AddReminder($taskId: ID!, $input: ReminderInput!) {\n    addReminder(taskId: $taskId, input: $input) {\n      __typename\n      id\n      ...TaskReminders_ReminderFragment\n    }\n  }\n"): (typeof documents)["\n  mutation AddReminder($taskId: ID!, $input: ReminderInput!) {\n    addReminder(taskId: $taskId, input: $input) {\n      __typename\n      id\n      ...TaskReminders_ReminderFragment\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RemoveReminder($id: ID!) {\n    removeReminder(id: $id)\n  }\n"): (typeof documents)["\n  mutation RemoveReminder($id: ID!) {\n    removeReminder(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment TaskRow_TaskFragment on Task {\n    id\n    title\n    description\n    priority\n    status\n    dueAt\n    completedAt\n    deletedAt\n    createdAt\n    updatedAt\n    recurrence {\n      rule\n      text\n    }\n    tags {\n      id\n      ...TagChip_TagFragment\n    }\n  }\n"): (typeof documents)["\n  fragment TaskRow_TaskFragment on Task {\n    id\n    title\n    description\n    priority\n    status\n    dueAt\n    completedAt\n    deletedAt\n    createdAt\n    updatedAt\n    recurrence {\n      rule\n      text\n    }\n    tags {\n      id\n      ...TagChip_TagFragment\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TaskList($filter: TaskFilter, $orderBy: [TaskOrder!], $first: Int, $after: String) {\n    tasks(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          id\n          ...TaskRow_TaskFragment\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query TaskList($filter: TaskFilter, $orderBy: [TaskOrder!], $first: Int, $after: String) {\n    tasks(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          id\n          ...TaskRow_TaskFragment\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TaskEditorTask($id: ID!) {\n    task(id: $id) {\n      id\n      ...TaskEditor_TaskFragment\n    }\n  }\n"): (typeof documents)["\n  query TaskEditorTask($id: ID!) {\n    task(id: $id) {\n      id\n      ...TaskEditor_TaskFragment\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateTask($input: CreateTaskInput!) {\n    createTask(input: $input) {\n      id\n      ...TaskRow_TaskFragment\n    }\n  }\n"): (typeof documents)["\n  mutation CreateTask($input: CreateTaskInput!) {\n    createTask(input: $input) {\n      id\n      ...TaskRow_TaskFragment\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateTask($id: ID!, $input: UpdateTaskInput!) {\n    updateTask(id: $id, input: $input) {\n      id\n      ...TaskRow_TaskFragment\n      ...TaskEditor_TaskFragment\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateTask($id: ID!, $input: UpdateTaskInput!) {\n    updateTask(id: $id, input: $input) {\n      id\n      ...TaskRow_TaskFragment\n      ...TaskEditor_TaskFragment\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CompleteTask($id: ID!) {\n    completeTask(id: $id) {\n      id\n      status\n      completedAt\n      updatedAt\n    }\n  }\n"): (typeof documents)["\n  mutation CompleteTask($id: ID!) {\n    completeTask(id: $id) {\n      id\n      status\n      completedAt\n      updatedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ReopenTask($id: ID!) {\n    reopenTask(id: $id) {\n      id\n      status\n      completedAt\n      updatedAt\n    }\n  }\n"): (typeof documents)["\n  mutation ReopenTask($id: ID!) {\n    reopenTask(id: $id) {\n      id\n      status\n      completedAt\n      updatedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteTask($id: ID!) {\n    deleteTask(id: $id) {\n      id\n      deletedAt\n      updatedAt\n    }\n  }\n"): (typeof documents)["\n  mutation DeleteTask($id: ID!) {\n    deleteTask(id: $id) {\n      id\n      deletedAt\n      updatedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RestoreTask($id: ID!) {\n    restoreTask(id: $id) {\n      id\n      deletedAt\n      updatedAt\n    }\n  }\n"): (typeof documents)["\n  mutation RestoreTask($id: ID!) {\n    restoreTask(id: $id) {\n      id\n      deletedAt\n      updatedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetTaskTags($taskId: ID!, $tagIds: [ID!]!) {\n    setTaskTags(taskId: $taskId, tagIds: $tagIds) {\n      id\n      tags {\n        id\n        ...TagChip_TagFragment\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation SetTaskTags($taskId: ID!, $tagIds: [ID!]!) {\n    setTaskTags(taskId: $taskId, tagIds: $tagIds) {\n      id\n      tags {\n        id\n        ...TagChip_TagFragment\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment TagChip_TagFragment on Tag {\n    id\n    name\n    color\n  }\n"): (typeof documents)["\n  fragment TagChip_TagFragment on Tag {\n    id\n    name\n    color\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;