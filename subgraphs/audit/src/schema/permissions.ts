import { isSignedIn } from '@taskflow/common';
import type { IRules } from 'graphql-shield';

export const permissions: IRules = {
  Query: {
    auditLog: isSignedIn,
    verifyAuditChain: isSignedIn,
    auditChainVerification: isSignedIn,
  },
};
