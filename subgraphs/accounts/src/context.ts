import type { BaseContext, Caller } from '@taskflow/common';
import type { ApiKeyService } from './domain/api-keys/api-key-service.js';
import type { AuthService } from './domain/auth/auth-service.js';
import type { UserService } from './domain/users/user-service.js';

export interface Context extends BaseContext {
  auth: AuthService;
  apiKeys: ApiKeyService;
  users: UserService;
  caller: Caller;
}
