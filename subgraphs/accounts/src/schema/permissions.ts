import { isSessionUser, isSignedIn } from '@taskflow/common';
import type { IRules } from 'graphql-shield';

export const permissions: IRules = {
  Mutation: {
    signOut: isSignedIn,
    refreshToken: isSignedIn,
    createApiKey: isSessionUser,
    revokeApiKey: isSessionUser,
  },
  Query: {
    apiKeys: isSessionUser,
  },
};
