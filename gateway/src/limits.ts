import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import type { ValidationRule } from 'graphql';
import type { GatewayEnv } from './env.js';

/**
 * Refuses abusive operations before any subgraph is called. The defaults leave room for the web
 * app's deepest real query (a task with tags, reminders and history: depth 6) and refuse
 * generated abuse (alias floods, fragment bombs, deep nesting).
 */
export function operationLimits(env: GatewayEnv): ValidationRule[] {
  return [
    maxDepthRule({ n: env.MAX_DEPTH, ignoreIntrospection: true, flattenFragments: true }),
    maxAliasesRule({ n: env.MAX_ALIASES, allowList: [] }),
    maxDirectivesRule({ n: env.MAX_DIRECTIVES }),
    costLimitRule({
      maxCost: env.MAX_COST,
      objectCost: 2,
      scalarCost: 1,
      depthCostFactor: 1.5,
      ignoreIntrospection: true,
    }),
  ] as ValidationRule[];
}
