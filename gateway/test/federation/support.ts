import { Writable } from 'node:stream';
import { testRedisUrl, uniqueRedisPrefix } from '@taskflow/common/testing';
import { pino } from 'pino';
import { loadGatewayEnv } from '../../src/env.js';
import { type RunningGateway, startGateway } from '../../src/server.js';

export const TEST_SECRET = 'federation-test-identity-secret-0123456789';

/** A logger whose JSON lines are kept, so a test can read what the gateway said. */
export function recordingLogger() {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n')) if (line) lines.push(JSON.parse(line));
      done();
    },
  });
  return { log: pino({ level: 'info' }, sink), lines };
}

/** A gateway on a free port for the supergraph at `supergraphPath`, with `env` on top. */
export function startTestGateway(
  supergraphPath: string,
  env: Record<string, string> = {},
  log = recordingLogger().log,
): Promise<RunningGateway> {
  return startGateway(
    loadGatewayEnv({
      SUPERGRAPH_PATH: supergraphPath,
      INTERNAL_JWT_SECRET: TEST_SECRET,
      REDIS_URL: testRedisUrl(),
      REDIS_PREFIX: uniqueRedisPrefix(),
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'silent',
      ...env,
    }),
    log,
  );
}

export interface GraphQLResponse {
  data?: Record<string, unknown> | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

export async function post(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<{ status: number; body: GraphQLResponse }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as GraphQLResponse };
}
