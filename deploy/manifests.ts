import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments, parse as parseYaml } from 'yaml';

export const repoRoot = fileURLToPath(new URL('..', import.meta.url));

/** A Kubernetes object as rendered: only the fields every object has are typed. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  [field: string]: unknown;
}

/** `kubectl kustomize <dir>`: exactly what `kubectl apply -k` would send, as objects. */
export function renderKustomization(dir: string): KubeObject[] {
  const text = execFileSync('kubectl', ['kustomize', dir], { cwd: repoRoot, encoding: 'utf8' });
  return parseAllDocuments(text).map((document) => {
    if (document.errors.length > 0) throw new Error(`kustomize output: ${document.errors[0]?.message}`);
    return document.toJS() as KubeObject;
  });
}

/** docker-compose.yml as Compose reads it (YAML merge keys `<<` resolved). */
export function readCompose(path = 'docker-compose.yml'): Record<string, unknown> {
  return parseYaml(readFileSync(`${repoRoot}/${path}`, 'utf8'), { merge: true }) as Record<string, unknown>;
}
