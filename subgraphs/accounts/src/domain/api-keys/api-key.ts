import type { Scope } from '@taskflow/common';

/** An integration's key as the rest of the code sees it (never the key or its hash). */
export interface ApiKey {
  id: string;
  userId: string;
  name: string;
  prefix: string;
  scopes: Scope[];
  createdAt: Date;
  lastUsedAt: Date | null;
}
