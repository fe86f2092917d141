import { canWrite, isSessionUser, isSignedIn } from '@taskflow/common';
import type { IRules } from 'graphql-shield';

export const permissions: IRules = {
  Mutation: {
    // Signing out revokes the credential: a change, which a READ key may not make.
    signOut: canWrite,
    refreshToken: isSignedIn,
    createApiKey: isSessionUser,
    revokeApiKey: isSessionUser,
  },
  Query: {
    apiKeys: isSessionUser,
  },
};
