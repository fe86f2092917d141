import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Express } from 'express';
import type { GatewayEnv } from './env.js';

const defaultDist = fileURLToPath(new URL('../../web/dist', import.meta.url));

/** The built web app at `/` and bundled GraphiQL at `/graphiql`, both from web/dist (no CDN). */
export function serveWebApp(app: Express, env: GatewayEnv, graphiqlEnabled: boolean) {
  const dist = env.WEB_DIST_PATH ?? defaultDist;
  const page = (file: string) => (_req: express.Request, res: express.Response) => {
    const path = join(dist, file);
    if (!existsSync(path)) {
      res.status(503).type('text/plain').send('The web app is not built: run `npm run build`.');
      return;
    }
    res.sendFile(path, { headers: { 'cache-control': 'no-cache' } });
  };
  if (graphiqlEnabled) app.get('/graphiql', page('graphiql.html'));
  app.use(
    '/assets',
    express.static(join(dist, 'assets'), { immutable: true, maxAge: '1y', fallthrough: false }),
  );
  app.get('/', page('index.html'));
}
