import type { BaseContext } from '@taskflow/common';
import type { AuditService } from './domain/audit/audit-service.js';

export interface Context extends BaseContext {
  audit: AuditService;
}
