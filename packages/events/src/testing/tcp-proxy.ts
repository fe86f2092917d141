import { createServer, type Server, Socket } from 'node:net';

export interface TcpProxy {
  /** The local port clients connect to. */
  port: number;
  /** `redis://127.0.0.1:<port>` (or another scheme) for the proxied service. */
  url(scheme?: string): string;
  /** Simulates the service going away: open connections are cut and new ones refused. */
  goDown(): Promise<void>;
  /** The service is reachable again, on the same port. */
  comeBack(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A TCP forwarder to put between a client and a real server (Redis), so a test can take the server
 * "down" and back without touching the shared server. Down means what a crashed server means to a
 * client: connections reset and new ones refused (the listener is closed, and reopened on the same
 * port by `comeBack`). Accepting and then dropping connections instead would look like a flapping
 * server, which ioredis treats differently (it keeps commands queued while connects succeed).
 */
export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  };
  const forward = (client: Socket) => {
    track(client);
    const upstream = new Socket();
    track(upstream);
    upstream.connect(target.port, target.host);
    client.pipe(upstream);
    upstream.pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  };
  const listen = (port: number) =>
    new Promise<Server>((resolve, reject) => {
      const server = createServer(forward);
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve(server));
    });
  let server: Server | null = await listen(0);
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('proxy has no port');
  const port = address.port;
  const goDown = async () => {
    const closing = server;
    server = null;
    for (const socket of sockets) socket.destroy();
    if (closing) await new Promise<void>((resolve) => closing.close(() => resolve()));
  };
  return {
    port,
    url: (scheme = 'redis') => `${scheme}://127.0.0.1:${port}`,
    goDown,
    comeBack: async () => {
      server ??= await listen(port);
    },
    close: goDown,
  };
}
