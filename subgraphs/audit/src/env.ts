import { baseEnvShape, loadEnv } from '@taskflow/common';
import { eventsEnvShape } from '@taskflow/events';
import { z } from 'zod';

export const auditEnvShape = {
  ...baseEnvShape,
  ...eventsEnvShape,
  PORT: z.coerce.number().int().min(0).max(65535).default(4004),
  /** Consumers of the task and tag streams in this process (one keeps each stream in order). */
  AUDIT_CONSUMERS: z.coerce.number().int().min(1).max(16).default(1),
};

export type AuditEnv = ReturnType<typeof loadAuditEnv>;
export const loadAuditEnv = (source: Record<string, string | undefined> = process.env) =>
  loadEnv(auditEnvShape, source);
