import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { Task as TaskModel, TaskPage as TaskPageModel, TaskEdge as TaskEdgeModel, TaskRecurrence as TaskRecurrenceModel, TagReference as TagReferenceModel } from '../domain/tasks/task.js';
import type { Context } from '../context.js';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type Omit<T, K extends keyof T> = Pick<T, Exclude<keyof T, K>>;
export type RequireFields<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** ISO 8601 date-time with offset, e.g. "2026-03-08T09:00:00.000Z". */
  DateTime: { input: Date; output: Date | string; }
  federation__FieldSet: { input: unknown; output: unknown; }
  link__Import: { input: unknown; output: unknown; }
};

export type CreateTaskInput = {
  /** At most 10,000 characters. */
  description?: InputMaybe<Scalars['String']['input']>;
  dueAt?: InputMaybe<Scalars['DateTime']['input']>;
  /** Default MEDIUM. */
  priority?: InputMaybe<Priority>;
  recurrence?: InputMaybe<RecurrenceInput>;
  tagIds?: InputMaybe<Array<Scalars['ID']['input']>>;
  /** 1–500 characters after trimming. */
  title: Scalars['String']['input'];
};

export type Mutation = {
  __typename?: 'Mutation';
  completeTask: Task;
  createTask: Task;
  /** Moves the task to the trash (soft delete). */
  deleteTask: Task;
  reopenTask: Task;
  restoreTask: Task;
  /** Replaces the task's tags. */
  setTaskTags: Task;
  updateTask: Task;
};


export type MutationCompleteTaskArgs = {
  id: Scalars['ID']['input'];
};


export type MutationCreateTaskArgs = {
  input: CreateTaskInput;
};


export type MutationDeleteTaskArgs = {
  id: Scalars['ID']['input'];
};


export type MutationReopenTaskArgs = {
  id: Scalars['ID']['input'];
};


export type MutationRestoreTaskArgs = {
  id: Scalars['ID']['input'];
};


export type MutationSetTaskTagsArgs = {
  tagIds: Array<Scalars['ID']['input']>;
  taskId: Scalars['ID']['input'];
};


export type MutationUpdateTaskArgs = {
  id: Scalars['ID']['input'];
  input: UpdateTaskInput;
};

export type PageInfo = {
  __typename?: 'PageInfo';
  endCursor: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
};

export type Priority =
  | 'HIGH'
  | 'LOW'
  | 'MEDIUM'
  | 'URGENT';

export type Query = {
  __typename?: 'Query';
  task: Maybe<Task>;
  /**
   * Your tasks. Deleted ones only with `includeDeleted`/`onlyDeleted`. `orderBy` entries apply in
   * order (default CREATED_AT DESC), ties broken by id (in the direction of the last entry); tasks
   * without dueAt sort last either way.
   * `first` defaults to 20, at most 100.
   */
  tasks: TaskConnection;
};


export type QueryTaskArgs = {
  id: Scalars['ID']['input'];
};


export type QueryTasksArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<TaskFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  orderBy?: InputMaybe<Array<TaskOrder>>;
};

export type Recurrence = {
  __typename?: 'Recurrence';
  basis: RecurrenceBasis;
  /**
   * The series' instants strictly after `after` (default: now), at most `count` (default 5, max 100).
   * The series starts at the task's dueAt, or at its createdAt when it has none.
   */
  nextOccurrences: Array<Scalars['DateTime']['output']>;
  /** RFC 5545 RRULE body, e.g. "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE". */
  rule: Scalars['String']['output'];
  /** Human-readable, e.g. "every 2 weeks on Monday and Wednesday". */
  text: Scalars['String']['output'];
  /** IANA zone the rule is evaluated in, e.g. "Europe/Berlin". */
  timezone: Scalars['String']['output'];
};


export type RecurrenceNextOccurrencesArgs = {
  after?: InputMaybe<Scalars['DateTime']['input']>;
  count?: InputMaybe<Scalars['Int']['input']>;
};

export type RecurrenceBasis =
  /** The series restarts at each completion. */
  | 'COMPLETION_DATE'
  /** The next occurrence follows the series from the due date (missed slots are skipped). */
  | 'DUE_DATE';

export type RecurrenceInput = {
  /** Default DUE_DATE. */
  basis?: InputMaybe<RecurrenceBasis>;
  rule: Scalars['String']['input'];
  /** Default "UTC". */
  timezone?: InputMaybe<Scalars['String']['input']>;
};

export type SortDirection =
  | 'ASC'
  | 'DESC';

/** Served by the gateway over graphql-ws on /graphql. */
export type Subscription = {
  __typename?: 'Subscription';
  /**
   * Changes to your tasks, in order of eventId. With `since`, first replays the changes after that
   * eventId (the last 1,000 are kept), then goes live, without gaps or duplicates.
   */
  taskChanged: TaskChangeEvent;
};


/** Served by the gateway over graphql-ws on /graphql. */
export type SubscriptionTaskChangedArgs = {
  since?: InputMaybe<Scalars['ID']['input']>;
};

export type Tag = {
  __typename?: 'Tag';
  id: Scalars['ID']['output'];
  /** How many of your tasks (not deleted) carry the tag. */
  taskCount: Scalars['Int']['output'];
};

export type Task = {
  __typename?: 'Task';
  completedAt: Maybe<Scalars['DateTime']['output']>;
  createdAt: Scalars['DateTime']['output'];
  /** Set while the task is in the trash (soft-deleted); `restoreTask` brings it back. */
  deletedAt: Maybe<Scalars['DateTime']['output']>;
  description: Maybe<Scalars['String']['output']>;
  dueAt: Maybe<Scalars['DateTime']['output']>;
  id: Scalars['ID']['output'];
  /** The occurrence this one was created from, when the recurrence worker made it. */
  previousOccurrenceId: Maybe<Scalars['ID']['output']>;
  priority: Priority;
  /** Null when the task does not repeat. */
  recurrence: Maybe<Recurrence>;
  /** Shared by all occurrences of one recurring task. */
  seriesId: Maybe<Scalars['ID']['output']>;
  status: TaskStatus;
  /** Ids of the tags on the task; `tags` resolves them. */
  tagIds: Array<Scalars['ID']['output']>;
  title: Scalars['String']['output'];
  updatedAt: Scalars['DateTime']['output'];
};

export type TaskChangeEvent = {
  __typename?: 'TaskChangeEvent';
  at: Scalars['DateTime']['output'];
  /** Strictly increasing per user; pass the last one you saw as `since` to resume. */
  eventId: Scalars['ID']['output'];
  kind: TaskChangeKind;
  /** Resolved through the gateway with your rights; null after DELETED. */
  task: Maybe<Task>;
  taskId: Scalars['ID']['output'];
};

export type TaskChangeKind =
  | 'COMPLETED'
  | 'CREATED'
  | 'DELETED'
  | 'REOPENED'
  | 'RESTORED'
  | 'UPDATED';

export type TaskConnection = {
  __typename?: 'TaskConnection';
  edges: Array<TaskEdge>;
  pageInfo: PageInfo;
  /** How many tasks match the filter, across all pages. */
  totalCount: Scalars['Int']['output'];
};

export type TaskEdge = {
  __typename?: 'TaskEdge';
  cursor: Scalars['String']['output'];
  node: Task;
};

export type TaskFilter = {
  /** Due at or after this instant. */
  dueAfter?: InputMaybe<Scalars['DateTime']['input']>;
  /** Due strictly before this instant. */
  dueBefore?: InputMaybe<Scalars['DateTime']['input']>;
  /** Include tasks in the trash (default false). */
  includeDeleted?: InputMaybe<Scalars['Boolean']['input']>;
  /** Only tasks in the trash. */
  onlyDeleted?: InputMaybe<Scalars['Boolean']['input']>;
  /** True: open and due before now. False: everything else. */
  overdue?: InputMaybe<Scalars['Boolean']['input']>;
  priorities?: InputMaybe<Array<Priority>>;
  /** Full-text over title and description, with stemming and prefix matching ("passp" finds "passports"). */
  search?: InputMaybe<Scalars['String']['input']>;
  status?: InputMaybe<TaskStatus>;
  /** Tasks carrying ALL of these tags. */
  tagIds?: InputMaybe<Array<Scalars['ID']['input']>>;
};

export type TaskOrder = {
  direction: SortDirection;
  field: TaskOrderField;
};

export type TaskOrderField =
  | 'CREATED_AT'
  | 'DUE_AT'
  | 'PRIORITY'
  /** Case-insensitive. */
  | 'TITLE'
  | 'UPDATED_AT';

export type TaskStatus =
  | 'COMPLETED'
  | 'OPEN';

export type UpdateTaskInput = {
  /** Null clears it. */
  description?: InputMaybe<Scalars['String']['input']>;
  /** Null clears it. */
  dueAt?: InputMaybe<Scalars['DateTime']['input']>;
  priority?: InputMaybe<Priority>;
  /** Null stops the repetition. */
  recurrence?: InputMaybe<RecurrenceInput>;
  title?: InputMaybe<Scalars['String']['input']>;
};

export type Link__Purpose =
  | 'EXECUTION'
  | 'SECURITY';



export type ResolverTypeWrapper<T> = T | Promise<T>;

export type ReferenceResolver<TResult, TReference, TContext> = (
      reference: TReference,
      context: TContext,
      info: GraphQLResolveInfo
    ) => Promise<TResult> | TResult;

      type ScalarCheck<T, S> = S extends true ? T : NullableCheck<T, S>;
      type NullableCheck<T, S> = Maybe<T> extends T ? Maybe<ListCheck<NonNullable<T>, S>> : ListCheck<T, S>;
      type ListCheck<T, S> = T extends (infer U)[] ? NullableCheck<U, S>[] : GraphQLRecursivePick<T, S>;
      export type GraphQLRecursivePick<T, S> = { [K in keyof T & keyof S]: ScalarCheck<T[K], S[K]> };
    

export type ResolverWithResolve<TResult, TParent, TContext, TArgs> = {
  resolve: ResolverFn<TResult, TParent, TContext, TArgs>;
};
export type Resolver<TResult, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = ResolverFn<TResult, TParent, TContext, TArgs> | ResolverWithResolve<TResult, TParent, TContext, TArgs>;

export type ResolverFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => Promise<TResult> | TResult;

export type SubscriptionSubscribeFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => AsyncIterable<TResult> | Promise<AsyncIterable<TResult>>;

export type SubscriptionResolveFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

export interface SubscriptionSubscriberObject<TResult, TKey extends string, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<{ [key in TKey]: TResult }, TParent, TContext, TArgs>;
  resolve?: SubscriptionResolveFn<TResult, { [key in TKey]: TResult }, TContext, TArgs>;
}

export interface SubscriptionResolverObject<TResult, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<any, TParent, TContext, TArgs>;
  resolve: SubscriptionResolveFn<TResult, any, TContext, TArgs>;
}

export type SubscriptionObject<TResult, TKey extends string, TParent, TContext, TArgs> =
  | SubscriptionSubscriberObject<TResult, TKey, TParent, TContext, TArgs>
  | SubscriptionResolverObject<TResult, TParent, TContext, TArgs>;

export type SubscriptionResolver<TResult, TKey extends string, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> =
  | ((...args: any[]) => SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>)
  | SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>;

export type TypeResolveFn<TTypes, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (
  parent: TParent,
  context: TContext,
  info: GraphQLResolveInfo
) => Maybe<TTypes> | Promise<Maybe<TTypes>>;

export type IsTypeOfResolverFn<T = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (obj: T, context: TContext, info: GraphQLResolveInfo) => boolean | Promise<boolean>;

export type NextResolverFn<T> = () => Promise<T>;

export type DirectiveResolverFn<TResult = Record<PropertyKey, never>, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = (
  next: NextResolverFn<TResult>,
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

/** Mapping of federation types */
export type FederationTypes = {
  Tag: Tag;
  Task: Task;
};

/** Mapping of federation reference types */
export type FederationReferenceTypes = {
  Tag:
    ( { __typename: 'Tag' }
    & GraphQLRecursivePick<FederationTypes['Tag'], {"id":true}> );
  Task:
    ( { __typename: 'Task' }
    & GraphQLRecursivePick<FederationTypes['Task'], {"id":true}> );
};



/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = {
  CreateTaskInput: CreateTaskInput;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  Priority: Priority;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  Recurrence: ResolverTypeWrapper<TaskRecurrenceModel>;
  RecurrenceBasis: RecurrenceBasis;
  RecurrenceInput: RecurrenceInput;
  SortDirection: SortDirection;
  Subscription: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Tag: ResolverTypeWrapper<TagReferenceModel>;
  Task: ResolverTypeWrapper<TaskModel>;
  TaskChangeEvent: ResolverTypeWrapper<Omit<TaskChangeEvent, 'task'> & { task?: Maybe<ResolversTypes['Task']> }>;
  TaskChangeKind: TaskChangeKind;
  TaskConnection: ResolverTypeWrapper<TaskPageModel>;
  TaskEdge: ResolverTypeWrapper<TaskEdgeModel>;
  TaskFilter: TaskFilter;
  TaskOrder: TaskOrder;
  TaskOrderField: TaskOrderField;
  TaskStatus: TaskStatus;
  UpdateTaskInput: UpdateTaskInput;
  federation__FieldSet: ResolverTypeWrapper<Scalars['federation__FieldSet']['output']>;
  link__Import: ResolverTypeWrapper<Scalars['link__Import']['output']>;
  link__Purpose: Link__Purpose;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  CreateTaskInput: CreateTaskInput;
  ID: Scalars['ID']['output'];
  DateTime: Scalars['DateTime']['output'];
  Mutation: Record<PropertyKey, never>;
  PageInfo: PageInfo;
  Query: Record<PropertyKey, never>;
  Int: Scalars['Int']['output'];
  Recurrence: TaskRecurrenceModel;
  RecurrenceInput: RecurrenceInput;
  Subscription: Record<PropertyKey, never>;
  Tag: TagReferenceModel;
  Task: TaskModel;
  TaskChangeEvent: Omit<TaskChangeEvent, 'task'> & { task?: Maybe<ResolversParentTypes['Task']> };
  TaskConnection: TaskPageModel;
  TaskEdge: TaskEdgeModel;
  TaskFilter: TaskFilter;
  TaskOrder: TaskOrder;
  UpdateTaskInput: UpdateTaskInput;
  federation__FieldSet: Scalars['federation__FieldSet']['output'];
  link__Import: Scalars['link__Import']['output'];
  Boolean: Scalars['Boolean']['output'];
  String: Scalars['String']['output'];
};

export type InaccessibleDirectiveArgs = { };

export type InaccessibleDirectiveResolver<Result, Parent, ContextType = Context, Args = InaccessibleDirectiveArgs> = DirectiveResolverFn<Result, Parent, ContextType, Args>;

export type LinkDirectiveArgs = {
  as?: Maybe<Scalars['String']['input']>;
  for?: Maybe<Link__Purpose>;
  import?: Maybe<Array<Maybe<Scalars['link__Import']['input']>>>;
  url: Scalars['String']['input'];
};

export type LinkDirectiveResolver<Result, Parent, ContextType = Context, Args = LinkDirectiveArgs> = DirectiveResolverFn<Result, Parent, ContextType, Args>;

export type OverrideDirectiveArgs = {
  from: Scalars['String']['input'];
};

export type OverrideDirectiveResolver<Result, Parent, ContextType = Context, Args = OverrideDirectiveArgs> = DirectiveResolverFn<Result, Parent, ContextType, Args>;

export type ShareableDirectiveArgs = { };

export type ShareableDirectiveResolver<Result, Parent, ContextType = Context, Args = ShareableDirectiveArgs> = DirectiveResolverFn<Result, Parent, ContextType, Args>;

export type TagDirectiveArgs = {
  name: Scalars['String']['input'];
};

export type TagDirectiveResolver<Result, Parent, ContextType = Context, Args = TagDirectiveArgs> = DirectiveResolverFn<Result, Parent, ContextType, Args>;

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type MutationResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = {
  completeTask?: Resolver<ResolversTypes['Task'], ParentType, ContextType, RequireFields<MutationCompleteTaskArgs, 'id'>>;
  createTask?: Resolver<ResolversTypes['Task'], ParentType, ContextType, RequireFields<MutationCreateTaskArgs, 'input'>>;
  deleteTask?: Resolver<ResolversTypes['Task'], ParentType, ContextType, RequireFields<MutationDeleteTaskArgs, 'id'>>;
  reopenTask?: Resolver<ResolversTypes['Task'], ParentType, ContextType, RequireFields<MutationReopenTaskArgs, 'id'>>;
  restoreTask?: Resolver<ResolversTypes['Task'], ParentType, ContextType, RequireFields<MutationRestoreTaskArgs, 'id'>>;
  setTaskTags?: Resolver<ResolversTypes['Task'], ParentType, ContextType, RequireFields<MutationSetTaskTagsArgs, 'tagIds' | 'taskId'>>;
  updateTask?: Resolver<ResolversTypes['Task'], ParentType, ContextType, RequireFields<MutationUpdateTaskArgs, 'id' | 'input'>>;
};

export type PageInfoResolvers<ContextType = Context, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = {
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type QueryResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = {
  task?: Resolver<Maybe<ResolversTypes['Task']>, ParentType, ContextType, RequireFields<QueryTaskArgs, 'id'>>;
  tasks?: Resolver<ResolversTypes['TaskConnection'], ParentType, ContextType, Partial<QueryTasksArgs>>;
};

export type RecurrenceResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Recurrence'] = ResolversParentTypes['Recurrence']> = {
  basis?: Resolver<ResolversTypes['RecurrenceBasis'], ParentType, ContextType>;
  nextOccurrences?: Resolver<Array<ResolversTypes['DateTime']>, ParentType, ContextType, Partial<RecurrenceNextOccurrencesArgs>>;
  rule?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  text?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  timezone?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type SubscriptionResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Subscription'] = ResolversParentTypes['Subscription']> = {
  taskChanged?: SubscriptionResolver<ResolversTypes['TaskChangeEvent'], "taskChanged", ParentType, ContextType, Partial<SubscriptionTaskChangedArgs>>;
};

export type TagResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Tag'] = ResolversParentTypes['Tag'], FederationReferenceType extends FederationReferenceTypes['Tag'] = FederationReferenceTypes['Tag']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Tag']> | FederationReferenceType, FederationReferenceType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  taskCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type TaskResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Task'] = ResolversParentTypes['Task'], FederationReferenceType extends FederationReferenceTypes['Task'] = FederationReferenceTypes['Task']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Task']> | FederationReferenceType, FederationReferenceType, ContextType>;
  completedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  deletedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  description?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  dueAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  previousOccurrenceId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  priority?: Resolver<ResolversTypes['Priority'], ParentType, ContextType>;
  recurrence?: Resolver<Maybe<ResolversTypes['Recurrence']>, ParentType, ContextType>;
  seriesId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['TaskStatus'], ParentType, ContextType>;
  tagIds?: Resolver<Array<ResolversTypes['ID']>, ParentType, ContextType>;
  title?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
};

export type TaskChangeEventResolvers<ContextType = Context, ParentType extends ResolversParentTypes['TaskChangeEvent'] = ResolversParentTypes['TaskChangeEvent']> = {
  at?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  eventId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['TaskChangeKind'], ParentType, ContextType>;
  task?: Resolver<Maybe<ResolversTypes['Task']>, ParentType, ContextType>;
  taskId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
};

export type TaskConnectionResolvers<ContextType = Context, ParentType extends ResolversParentTypes['TaskConnection'] = ResolversParentTypes['TaskConnection']> = {
  edges?: Resolver<Array<ResolversTypes['TaskEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type TaskEdgeResolvers<ContextType = Context, ParentType extends ResolversParentTypes['TaskEdge'] = ResolversParentTypes['TaskEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Task'], ParentType, ContextType>;
};

export interface Federation__FieldSetScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['federation__FieldSet'], any> {
  name: 'federation__FieldSet';
}

export interface Link__ImportScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['link__Import'], any> {
  name: 'link__Import';
}

export type Resolvers<ContextType = Context> = {
  DateTime?: GraphQLScalarType;
  Mutation?: MutationResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  Recurrence?: RecurrenceResolvers<ContextType>;
  Subscription?: SubscriptionResolvers<ContextType>;
  Tag?: TagResolvers<ContextType>;
  Task?: TaskResolvers<ContextType>;
  TaskChangeEvent?: TaskChangeEventResolvers<ContextType>;
  TaskConnection?: TaskConnectionResolvers<ContextType>;
  TaskEdge?: TaskEdgeResolvers<ContextType>;
  federation__FieldSet?: GraphQLScalarType;
  link__Import?: GraphQLScalarType;
};

export type DirectiveResolvers<ContextType = Context> = {
  inaccessible?: InaccessibleDirectiveResolver<any, any, ContextType>;
  link?: LinkDirectiveResolver<any, any, ContextType>;
  override?: OverrideDirectiveResolver<any, any, ContextType>;
  shareable?: ShareableDirectiveResolver<any, any, ContextType>;
  tag?: TagDirectiveResolver<any, any, ContextType>;
};
