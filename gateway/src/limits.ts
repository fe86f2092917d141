import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import type { GraphQLError, ValidationContext, ValidationRule } from 'graphql';
import type { GatewayEnv } from './env.js';

/**
 * Refuses abusive operations before any subgraph is called. The defaults leave room for the web
 * app's deepest real query (a task with tags, reminders and history) and refuse generated abuse
 * (alias floods, fragment bombs, deep nesting). Token counting happens in the parser
 * (`parseOptions.maxTokens`), before any of these run.
 */
export function operationLimits(env: GatewayEnv): ValidationRule[] {
  // Report through the validation context (GRAPHQL_VALIDATION_FAILED) instead of throwing out of
  // the visitor, which Apollo Server would turn into an internal error.
  const asValidationError = {
    propagateOnRejection: false,
    onReject: [(context: ValidationContext | null, error: GraphQLError) => context?.reportError(error)],
  };
  return [
    maxDepthRule({
      n: env.MAX_DEPTH,
      ignoreIntrospection: true,
      flattenFragments: true,
      ...asValidationError,
    }),
    maxAliasesRule({ n: env.MAX_ALIASES, allowList: [], ...asValidationError }),
    maxDirectivesRule({ n: env.MAX_DIRECTIVES, ...asValidationError }),
    costLimitRule({
      maxCost: env.MAX_COST,
      objectCost: 2,
      scalarCost: 1,
      depthCostFactor: 1.5,
      ignoreIntrospection: true,
      ...asValidationError,
    }),
  ] as ValidationRule[];
}
