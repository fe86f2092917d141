import { existsSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileComposeSchema } from './compose-schema.js';
import { isReadBy, portVariableOf } from './env-shapes.js';
import { readCompose, repoRoot } from './manifests.js';

interface ComposeService {
  image?: string;
  build?: { context: string; target?: string };
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  depends_on?: Record<string, unknown>;
  healthcheck?: { test: string[] };
}

let compose: { services: Record<string, ComposeService> };
const appServices = () => Object.entries(compose.services).filter(([, service]) => service.build);

beforeAll(() => {
  compose = readCompose() as typeof compose;
});

describe('docker-compose.yml', () => {
  it('validates against the Compose Specification schema', () => {
    const validate = compileComposeSchema();
    const valid = validate(compose);
    expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 2)).toEqual([]);
    expect(valid).toBe(true);
  });

  it('the schema refuses what Compose refuses (the check can fail)', () => {
    const validate = compileComposeSchema();
    expect(validate({ services: { gateway: { image: 'x', restart_policy: 'always' } } })).toBe(false);
    expect(validate({ services: { gateway: { image: 'x', depends_on: 5 } } })).toBe(false);
  });

  it('runs every entry file from the one image, with the build target the Dockerfile has', () => {
    const dockerfile = readFileSync(`${repoRoot}/Dockerfile`, 'utf8');
    for (const [name, service] of appServices()) {
      const entry = service.command?.[0] ?? '';
      expect(existsSync(`${repoRoot}/${entry}`), `${name}: ${entry}`).toBe(true);
      expect(dockerfile, name).toMatch(new RegExp(`^FROM .+ AS ${service.build?.target}$`, 'm'));
    }
    const entries = appServices().map(([, service]) => service.command?.[0]);
    expect(entries.sort()).toEqual([
      'gateway/src/index.ts',
      'subgraphs/accounts/src/index.ts',
      'subgraphs/audit/src/index.ts',
      'subgraphs/notifications/src/index.ts',
      'subgraphs/tags/src/index.ts',
      'subgraphs/tasks/src/index.ts',
      'subgraphs/tasks/src/worker.ts',
    ]);
  });

  it('every variable a service is given is read by its env.ts', () => {
    const unread: string[] = [];
    for (const [name, service] of appServices()) {
      const entry = service.command?.[0] ?? '';
      for (const variable of Object.keys(service.environment ?? {})) {
        if (!isReadBy(entry, variable)) unread.push(`${name}: ${variable}`);
      }
    }
    expect(unread).toEqual([]);
  });

  it('every service names a port it listens on, services it depends on exist, and only the gateway is published', () => {
    for (const [name, service] of appServices()) {
      const entry = service.command?.[0] ?? '';
      const portVariable = portVariableOf(entry);
      expect(service.environment?.[portVariable], `${name}: ${portVariable}`).toMatch(/^\d+$/);
      // The health check asks the port the service listens on.
      expect(service.healthcheck?.test.join(' '), name).toContain(`process.env.${portVariable}`);
      for (const dependency of Object.keys(service.depends_on ?? {})) {
        expect(Object.keys(compose.services), `${name} depends on ${dependency}`).toContain(dependency);
      }
    }
    const published = Object.entries(compose.services).filter(([, service]) => service.ports?.length);
    expect(published.map(([name]) => name)).toEqual(['gateway']);
    expect(compose.services.gateway?.ports).toEqual([`${compose.services.gateway?.environment?.PORT}:4000`]);
  });

  it('every URL of a subgraph points at a compose service on the port it listens on', () => {
    for (const [name, service] of appServices()) {
      for (const [variable, value] of Object.entries(service.environment ?? {})) {
        if (!variable.endsWith('_URL') || variable === 'DATABASE_URL' || variable === 'REDIS_URL') continue;
        const url = new URL(value);
        const target = compose.services[url.hostname];
        expect(target, `${name}: ${variable}`).toBeDefined();
        expect(target?.environment?.PORT, `${name}: ${variable}`).toBe(url.port);
      }
    }
  });
});
