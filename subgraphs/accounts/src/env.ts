import { baseEnvShape, loadEnv } from '@taskflow/common';
import { z } from 'zod';

export const accountsEnvShape = {
  ...baseEnvShape,
  PORT: z.coerce.number().int().min(0).max(65535).default(4001),
  JWT_SECRET: z.string().min(32).default('dev-access-token-secret-change-me-in-production'),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().positive().default(900),
  SESSION_TTL_SECONDS: z.coerce
    .number()
    .int()
    .positive()
    .default(30 * 24 * 3600),
  SIGNIN_MAX_FAILURES_PER_EMAIL: z.coerce.number().int().positive().default(10),
  SIGNIN_MAX_FAILURES_PER_IP: z.coerce.number().int().positive().default(100),
  SIGNIN_FAILURE_WINDOW_SECONDS: z.coerce.number().int().positive().default(900),
  SIGNUP_MAX_PER_IP_PER_MINUTE: z.coerce.number().int().positive().default(600),
  API_KEYS_MAX_PER_USER: z.coerce.number().int().positive().default(50),
};

export type AccountsEnv = ReturnType<typeof loadAccountsEnv>;
export const loadAccountsEnv = (source: Record<string, string | undefined> = process.env) =>
  loadEnv(accountsEnvShape, source);
