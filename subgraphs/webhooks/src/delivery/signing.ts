import { createHmac, randomBytes } from 'node:crypto';
import type { WebhookSecrets } from '../domain/webhooks/webhook.js';

const SECRET_PREFIX = 'whsec_';

/** A new secret as Standard Webhooks writes it: `whsec_` and 24 random bytes in base64. */
export const newWebhookSecret = () => `${SECRET_PREFIX}${randomBytes(24).toString('base64')}`;

/** The HMAC key of a secret: the bytes of its base64 part. */
const keyOf = (secret: string) =>
  Buffer.from(secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret, 'base64');

/** `v1,<base64 HMAC-SHA256 of "id.timestamp.body">` with one secret. */
export function signatureOf(secret: string, id: string, timestamp: number, body: string): string {
  const mac = createHmac('sha256', keyOf(secret)).update(`${id}.${timestamp}.${body}`).digest('base64');
  return `v1,${mac}`;
}

/** The secrets that sign at `now`: the current one, and the previous one while its grace lasts. */
export function signingSecrets(secrets: WebhookSecrets, now: Date): string[] {
  const previousValid =
    secrets.previousSecret !== null &&
    secrets.previousSecretExpiresAt !== null &&
    secrets.previousSecretExpiresAt.getTime() > now.getTime();
  return previousValid ? [secrets.secret, secrets.previousSecret!] : [secrets.secret];
}

/** The three Standard Webhooks headers of one attempt. */
export function signedHeaders(
  secrets: WebhookSecrets,
  id: string,
  body: string,
  now: Date,
): Record<'webhook-id' | 'webhook-timestamp' | 'webhook-signature', string> {
  const timestamp = Math.floor(now.getTime() / 1000);
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': signingSecrets(secrets, now)
      .map((secret) => signatureOf(secret, id, timestamp, body))
      .join(' '),
  };
}
