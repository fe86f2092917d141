import { Agent, request } from 'undici';
import { guardedLookup, isPublicAddress, literalAddressOf, RefusedAddressError } from './address-guard.js';

/** A response body is read up to this many bytes, and stored truncated to it. */
export const MAX_RESPONSE_BYTES = 64 * 1024;

export interface SendResult {
  responseStatus: number | null;
  responseBody: string | null;
  error: string | null;
  durationMs: number;
}

/**
 * POSTs one signed request: no redirects (a 3xx is a failed attempt), an answer within `timeoutMs`
 * or a timeout, the response body read up to 64 KB. Unless private addresses are allowed, the target
 * is checked after DNS resolution, at connection time, on every attempt.
 */
export class HttpSender {
  private readonly agent: Agent;

  constructor(private readonly options: { timeoutMs: number; allowPrivateAddresses: boolean }) {
    this.agent = new Agent({
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
      connectTimeout: options.timeoutMs,
      keepAliveTimeout: 10_000,
      // Connections per origin: one delivery per webhook is in flight, so a few are plenty.
      connections: 8,
      connect: options.allowPrivateAddresses ? {} : { lookup: guardedLookup },
    });
  }

  async send(url: string, headers: Record<string, string>, body: string): Promise<SendResult> {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    try {
      const target = new URL(url);
      const literal = literalAddressOf(target);
      // A literal address is never looked up, so the guard checks it here.
      if (literal && !this.options.allowPrivateAddresses && !isPublicAddress(literal))
        throw new RefusedAddressError(literal);
      const response = await request(target, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'TaskFlow-Webhooks/1', ...headers },
        body,
        dispatcher: this.agent,
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      const responseBody = await readLimited(response.body);
      const ok = response.statusCode >= 200 && response.statusCode < 300;
      return {
        responseStatus: response.statusCode,
        responseBody,
        error: ok ? null : `HTTP ${response.statusCode}`,
        durationMs: elapsed(),
      };
    } catch (error) {
      return {
        responseStatus: null,
        responseBody: null,
        error: describe(error, this.options.timeoutMs),
        durationMs: elapsed(),
      };
    }
  }

  close(): Promise<void> {
    return this.agent.close();
  }
}

async function readLimited(body: AsyncIterable<Buffer> & { destroy(): void }): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const room = MAX_RESPONSE_BYTES - size;
    chunks.push(chunk.length > room ? chunk.subarray(0, room) : chunk);
    size += Math.min(chunk.length, room);
    if (size >= MAX_RESPONSE_BYTES) {
      body.destroy();
      break;
    }
  }
  return Buffer.concat(chunks).toString('utf8');
}

function describe(error: unknown, timeoutMs: number): string {
  const cause = (error as { cause?: unknown }).cause;
  if (error instanceof RefusedAddressError) return error.message;
  if (cause instanceof RefusedAddressError) return cause.message;
  const name = (error as Error).name;
  const code = (error as { code?: string }).code;
  if (name === 'TimeoutError' || name === 'AbortError' || code?.includes('TIMEOUT'))
    return `timeout after ${timeoutMs / 1000} s`;
  return `${code ?? name}: ${(error as Error).message}`.slice(0, 500);
}
