import { z } from 'zod';

/** Variables every TaskFlow process understands. Services extend this shape with their own. */
export const baseEnvShape = {
  NODE_ENV: z.enum(['development', 'test', 'production']).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATABASE_URL: z.string().url().default('postgres://postgres@127.0.0.1:5432/postgres'),
  REDIS_URL: z.string().url().default('redis://127.0.0.1:6379'),
  REDIS_PREFIX: z.string().min(1).default('taskflow:'),
  INTERNAL_JWT_SECRET: z.string().min(32).default('dev-internal-secret-change-me-in-production!'),
  HOST: z.string().default('0.0.0.0'),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
};

const booleanish = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** An optional boolean variable; `undefined` when unset so callers can pick a mode-dependent default. */
export const optionalBoolean = () => booleanish.optional();

/**
 * Parses `source` (process.env by default) with a zod shape. Every problem is reported at once and
 * the process exits with status 1: a service never starts half-configured.
 */
export function loadEnv<S extends z.ZodRawShape>(
  shape: S,
  source: Record<string, string | undefined> = process.env,
): z.infer<z.ZodObject<S>> {
  const result = z.object(shape).superRefine(refuseDevelopmentSecretsInProduction).safeParse(source);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
  process.stderr.write(`Invalid environment:\n${lines.join('\n')}\n`);
  process.exit(1);
}

/** The built-in secrets are for a laptop: production must bring its own. */
function refuseDevelopmentSecretsInProduction(env: Record<string, unknown>, context: z.RefinementCtx) {
  if (env.NODE_ENV !== 'production') return;
  for (const [name, value] of Object.entries(env)) {
    if (name.endsWith('SECRET') && typeof value === 'string' && value.startsWith('dev-')) {
      context.addIssue({ code: 'custom', path: [name], message: 'set a real secret in production' });
    }
  }
}

/** Validates without exiting; for tests and for code that builds env from another source. */
export function parseEnv<S extends z.ZodRawShape>(
  shape: S,
  source: Record<string, string | undefined>,
): z.infer<z.ZodObject<S>> {
  return z.object(shape).parse(source);
}

export type BaseEnv = z.infer<z.ZodObject<typeof baseEnvShape>>;

/** Details of internal errors reach clients only when NODE_ENV=development is set on purpose. */
export const isDevelopment = (env: { NODE_ENV?: string }) => env.NODE_ENV === 'development';
