import { Router } from 'express';

export type ReadinessCheck = () => Promise<unknown>;

const withTimeout = <T>(promise: Promise<T>, ms: number) =>
  Promise.race([
    promise,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms).unref(),
    ),
  ]);

/**
 * `/health` and `/health/live` answer while the process runs; `/health/ready` answers 200 only when
 * every critical dependency check passes (503 otherwise), so a load balancer stops sending traffic
 * to a replica that lost its database.
 */
export function createHealthRouter(
  service: string,
  checks: Record<string, ReadinessCheck>,
  options: { timeoutMs?: number; degradedOnly?: string[] } = {},
): Router {
  const { timeoutMs = 2_000, degradedOnly = [] } = options;
  const router = Router();
  const startedAt = Date.now();
  router.get(['/health', '/health/live'], (_req, res) => {
    res.json({ status: 'ok', service, uptimeSeconds: Math.round((Date.now() - startedAt) / 1000) });
  });
  router.get('/health/ready', async (_req, res) => {
    const results = await Promise.all(
      Object.entries(checks).map(async ([name, check]) => {
        try {
          await withTimeout(check(), timeoutMs);
          return [name, 'ok'] as const;
        } catch (error) {
          return [name, `failed: ${(error as Error).message}`] as const;
        }
      }),
    );
    // Some dependencies only degrade the service (Redis: mutations keep working through the outbox),
    // so they are reported without taking the replica out of rotation.
    const ready = results.every(([name, state]) => state === 'ok' || degradedOnly.includes(name));
    const degraded = results.some(([, state]) => state !== 'ok');
    // Failure details name dependencies, not hosts: the messages come from our own checks.
    res.status(ready ? 200 : 503).json({
      status: ready ? (degraded ? 'degraded' : 'ok') : 'unavailable',
      service,
      checks: Object.fromEntries(results.map(([name, state]) => [name, state === 'ok' ? 'ok' : 'failed'])),
    });
  });
  return router;
}
