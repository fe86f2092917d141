/**
 * Polls `check` until it returns something truthy (which it returns), or fails after `timeoutMs`.
 * Errors thrown by `check` count as "not yet" (a service may still be coming up); the last one is
 * reported if time runs out.
 */
export async function eventually<T>(
  check: () => Promise<T | undefined | null | false>,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `condition not met in ${timeoutMs} ms${lastError ? `; last error: ${(lastError as Error).message}` : ''}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
