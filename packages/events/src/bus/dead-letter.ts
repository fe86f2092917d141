import { envelopeSchema } from '../envelope.js';
import type { DeadLetter } from './event-bus.js';

/** Reads one entry of the dead-letter stream (fields as written by a transport's `deadLetter`). */
export function toDeadLetter(id: string, fields: Record<string, string>): DeadLetter {
  const raw = fields.event || null;
  let envelope: DeadLetter['envelope'] = null;
  if (raw) {
    try {
      const parsed = envelopeSchema.safeParse(JSON.parse(raw));
      envelope = parsed.success ? parsed.data : null;
    } catch {
      envelope = null;
    }
  }
  return {
    id,
    envelope,
    raw,
    stream: fields.stream ?? '',
    messageId: fields.messageId ?? '',
    group: fields.group ?? '',
    consumer: fields.consumer ?? '',
    attempts: Number(fields.attempts ?? 0),
    error: fields.error ?? '',
    failedAt: fields.failedAt ?? '',
  };
}
