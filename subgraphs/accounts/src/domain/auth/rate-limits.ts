import { DomainError, type Redis } from '@taskflow/common';
import {
  type RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
} from 'rate-limiter-flexible';
import { emailKey } from '../users/email.js';

export interface RateLimitConfig {
  prefix: string;
  signInMaxFailuresPerEmail: number;
  signInMaxFailuresPerIp: number;
  signInFailureWindowSeconds: number;
  signUpMaxPerIpPerMinute: number;
}

/**
 * Counters live in Redis so every accounts replica shares them; while Redis is away each replica
 * falls back to its own in-memory counters rather than failing sign-ins.
 */
function limiter(redis: Redis, keyPrefix: string, points: number, duration: number): RateLimiterAbstract {
  return new RateLimiterRedis({
    storeClient: redis,
    keyPrefix,
    points,
    duration,
    rejectIfRedisNotReady: true,
    insuranceLimiter: new RateLimiterMemory({ keyPrefix, points, duration }),
  });
}

const tooMany = (res: RateLimiterRes | null, message: string) =>
  new DomainError('TOO_MANY_REQUESTS', message, {
    extensions: { retryAfterSeconds: Math.max(1, Math.ceil((res?.msBeforeNext ?? 1000) / 1000)) },
  });

const isExceeded = (res: RateLimiterRes | null, points: number) => !!res && res.consumedPoints >= points;

export class AuthRateLimits {
  private readonly failuresByEmail: RateLimiterAbstract;
  private readonly failuresByIp: RateLimiterAbstract;
  private readonly signUpsByIp: RateLimiterAbstract;

  constructor(
    redis: Redis,
    private readonly config: RateLimitConfig,
  ) {
    const window = config.signInFailureWindowSeconds;
    this.failuresByEmail = limiter(
      redis,
      `${config.prefix}rl:signin-email`,
      config.signInMaxFailuresPerEmail,
      window,
    );
    this.failuresByIp = limiter(redis, `${config.prefix}rl:signin-ip`, config.signInMaxFailuresPerIp, window);
    this.signUpsByIp = limiter(redis, `${config.prefix}rl:signup-ip`, config.signUpMaxPerIpPerMinute, 60);
  }

  /** Refuses a sign-in attempt for an email or address that has failed too often lately. */
  async assertSignInAllowed(email: string, ip: string): Promise<void> {
    const [byEmail, byIp] = await Promise.all([
      this.failuresByEmail.get(emailKey(email)),
      this.failuresByIp.get(ip),
    ]);
    if (
      isExceeded(byEmail, this.config.signInMaxFailuresPerEmail) ||
      isExceeded(byIp, this.config.signInMaxFailuresPerIp)
    ) {
      throw tooMany(byEmail ?? byIp, 'Too many failed sign-in attempts; try again later');
    }
  }

  async recordSignInFailure(email: string, ip: string): Promise<void> {
    // consume() rejects with a RateLimiterRes once over the limit: that is the point, not an error.
    await Promise.allSettled([this.failuresByEmail.consume(emailKey(email)), this.failuresByIp.consume(ip)]);
  }

  async recordSignInSuccess(email: string): Promise<void> {
    await this.failuresByEmail.delete(emailKey(email)).catch(() => undefined);
  }

  async consumeSignUp(ip: string): Promise<void> {
    try {
      await this.signUpsByIp.consume(ip);
    } catch (error) {
      if (error instanceof RateLimiterRes)
        throw tooMany(error, 'Too many sign-ups from this address; try again later');
      throw error;
    }
  }
}
