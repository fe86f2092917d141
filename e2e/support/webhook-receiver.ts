import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
}

/** How the receiver answers one request: a status (and body), or never (a hang). */
export type Answer =
  | { status: number; body?: string; headers?: Record<string, string>; delayMs?: number }
  | 'hang';

/**
 * A real HTTP endpoint on loopback, as an integrator would run one: it records every request and
 * answers with `respond` (200 by default).
 */
export class WebhookReceiver {
  readonly requests: ReceivedRequest[] = [];
  respond: (request: ReceivedRequest, index: number) => Answer = () => ({ status: 200 });
  private readonly server: Server;
  private readonly hanging = new Set<() => void>();
  private open = 0;
  /** The most requests this receiver had open at once (hangs not counted). */
  mostOpen = 0;

  private constructor() {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const request = {
          headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8'),
          at: Date.now(),
        };
        this.requests.push(request);
        const answer = this.respond(request, this.requests.length - 1);
        if (answer === 'hang') {
          const release = () => res.destroy();
          this.hanging.add(release);
          res.on('close', () => this.hanging.delete(release));
          return;
        }
        this.open += 1;
        this.mostOpen = Math.max(this.mostOpen, this.open);
        setTimeout(() => {
          this.open -= 1;
          res.writeHead(answer.status, { 'content-type': 'text/plain', ...answer.headers });
          res.end(answer.body ?? 'ok');
        }, answer.delayMs ?? 0);
      });
    });
  }

  static async start(): Promise<WebhookReceiver> {
    const receiver = new WebhookReceiver();
    await new Promise<void>((resolve) => receiver.server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
  }

  /** The same endpoint under the name `localhost`. */
  get localhostUrl(): string {
    return `http://localhost:${(this.server.address() as AddressInfo).port}/hook`;
  }

  bodies<T = Record<string, unknown>>(): T[] {
    return this.requests.map((request) => JSON.parse(request.body) as T);
  }

  async stop(): Promise<void> {
    for (const release of this.hanging) release();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
