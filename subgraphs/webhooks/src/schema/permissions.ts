import { canWrite, isSignedIn } from '@taskflow/common';
import type { IRules } from 'graphql-shield';

export const permissions: IRules = {
  Query: {
    webhooks: isSignedIn,
  },
  Mutation: {
    '*': canWrite,
  },
};
