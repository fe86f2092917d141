import type { CodegenConfig } from '@graphql-codegen/cli';

/** Resolver types for one subgraph, from its SDL in schema/, mapped to its domain types. */
const subgraph = (name: string, mappers: Record<string, string>) => ({
  [`subgraphs/${name}/src/generated/graphql.ts`]: {
    schema: [`schema/${name}.graphql`, 'schema/federation-directives.graphql'],
    plugins: ['typescript', 'typescript-resolvers'],
    config: {
      federation: true,
      contextType: '../context.js#Context',
      mappers,
      mapperTypeSuffix: 'Model',
      useTypeImports: true,
      enumsAsTypes: true,
      avoidOptionals: { field: true, inputValue: false, object: false, defaultValue: false },
      scalars: { DateTime: { input: 'Date', output: 'Date | string' }, JSON: 'unknown' },
      resolverTypeWrapperSignature: 'T | Promise<T>',
    },
  },
});

/**
 * The web app's typed operations and fragments (client preset), from the composed supergraph: every
 * `graphql(...)` call under web/src. Fragments are masked; `getFragmentData` unmasks them.
 */
const web = {
  'web/src/gql/': {
    schema: 'schema/supergraph.graphql',
    documents: ['web/src/**/*.{ts,tsx}', '!web/src/gql/**'],
    preset: 'client' as const,
    presetConfig: { fragmentMasking: { unmaskFunctionName: 'getFragmentData' } },
    config: {
      useTypeImports: true,
      enumType: 'string-literal',
      scalars: { DateTime: 'string', JSON: 'unknown' },
      skipTypename: false,
    },
  },
};

const config: CodegenConfig = {
  overwrite: true,
  generates: {
    ...subgraph('accounts', {
      User: '../domain/users/user.js#User',
      ApiKey: '../domain/api-keys/api-key.js#ApiKey',
    }),
    ...subgraph('tasks', {
      Task: '../domain/tasks/task.js#Task',
      TaskConnection: '../domain/tasks/task.js#TaskPage',
      TaskEdge: '../domain/tasks/task.js#TaskEdge',
      Recurrence: '../domain/tasks/task.js#TaskRecurrence',
      Tag: '../domain/tasks/task.js#TagReference',
    }),
    ...subgraph('tags', {
      Tag: '../domain/tags/tag.js#Tag',
      Task: '../domain/tags/tag.js#TaskTagIds',
    }),
    ...subgraph('audit', {
      AuditEntry: '../domain/audit/audit-entry.js#AuditEntry',
      AuditEntryConnection: '../domain/audit/audit-entry.js#AuditPage',
      AuditEntryEdge: '../domain/audit/audit-entry.js#AuditEdge',
      AuditChainVerification: '../domain/audit/audit-entry.js#ChainVerification',
      User: '../domain/audit/audit-entry.js#UserReference',
      Task: '../domain/audit/audit-entry.js#TaskReference',
    }),
    ...subgraph('notifications', {
      Reminder: '../domain/reminders/reminder.js#Reminder',
      Notification: '../domain/notifications/notification.js#Notification',
      NotificationConnection: '../domain/notifications/notification.js#NotificationPage',
      NotificationEdge: '../domain/notifications/notification.js#NotificationEdge',
      Task: '../domain/tasks/task-copy.js#TaskReference',
    }),
    ...subgraph('webhooks', {
      Webhook: '../domain/webhooks/webhook.js#Webhook',
      WebhookDelivery: '../domain/webhooks/webhook.js#WebhookDelivery',
      WebhookDeliveryConnection: '../domain/webhooks/webhook.js#DeliveryPage',
      WebhookDeliveryEdge: '../domain/webhooks/webhook.js#DeliveryEdge',
      WebhookDeliveryAttempt: '../domain/webhooks/webhook.js#DeliveryAttempt',
      CreatedWebhook: '../domain/webhooks/webhook.js#CreatedWebhook',
    }),
    ...web,
  },
};

export default config;
