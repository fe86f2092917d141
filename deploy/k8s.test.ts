import { existsSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { isReadBy, portVariableOf } from './env-shapes.js';
import { kubernetesSchemaErrors } from './kube-schema.js';
import { type KubeObject, renderKustomization, repoRoot } from './manifests.js';

interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: {
    secretKeyRef?: { name: string; key: string };
    configMapKeyRef?: { name: string; key: string };
  };
}
interface Probe {
  httpGet?: { path: string; port: string | number };
}
interface Container {
  name: string;
  args?: string[];
  ports?: { name?: string; containerPort: number }[];
  env?: EnvVar[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
}
interface Workload extends KubeObject {
  spec: {
    replicas?: number;
    selector: { matchLabels: Record<string, string> };
    strategy?: { rollingUpdate?: { maxUnavailable?: number | string } };
    template: {
      metadata: { labels: Record<string, string>; annotations?: Record<string, string> };
      spec: { containers: Container[] };
    };
  };
}

let objects: KubeObject[];
const ofKind = <T extends KubeObject>(kind: string) => objects.filter((o) => o.kind === kind) as T[];
const deployments = () => ofKind<Workload>('Deployment');
const configMap = (name: string) =>
  ofKind<KubeObject & { data?: Record<string, string> }>('ConfigMap').find((c) => c.metadata.name === name);
const secret = (name: string) =>
  ofKind<KubeObject & { stringData?: Record<string, string>; data?: Record<string, string> }>('Secret').find(
    (s) => s.metadata.name === name,
  );
const selects = (selector: Record<string, string>, labels: Record<string, string>) =>
  Object.entries(selector).every(([key, value]) => labels[key] === value);
const entryOf = (container: Container) => container.args?.[0] ?? '';

/** A name that holds a credential: only a Secret may carry its value. */
const isSecretName = (name: string) =>
  /SECRET|PASSWORD|TOKEN|PRIVATE|_KEY$|DATABASE_URL|REDIS_URL/.test(name);

beforeAll(() => {
  objects = renderKustomization('k8s');
});

describe('k8s/ rendered by kubectl kustomize', () => {
  it('renders the whole stack into the taskflow namespace', () => {
    const names = deployments().map((d) => d.metadata.name);
    expect(names.sort()).toEqual([
      'accounts',
      'audit',
      'gateway',
      'notifications',
      'tags',
      'tasks',
      'worker',
    ]);
    for (const object of objects) {
      if (object.kind !== 'Namespace')
        expect(object.metadata.namespace, object.metadata.name).toBe('taskflow');
    }
  });

  it('every object validates against the Kubernetes OpenAPI schema of its kind', async () => {
    const problems: string[] = [];
    for (const object of objects) {
      for (const error of await kubernetesSchemaErrors(object)) {
        problems.push(`${object.kind}/${object.metadata.name}: ${error}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('the validator refuses what the API server refuses (the check can fail)', async () => {
    const gateway = structuredClone(deployments().find((d) => d.metadata.name === 'gateway')!);
    gateway.spec.template.spec.containers[0]!.resources = { limits: { cpu: 'one core' } };
    expect(await kubernetesSchemaErrors(gateway)).not.toEqual([]);
    expect(await kubernetesSchemaErrors({ ...gateway, apiVersion: 'apps/v1beta9' })).not.toEqual([]);
  });

  it('every Deployment runs an entry file of the repository, on the port its env says', () => {
    for (const deployment of deployments()) {
      for (const container of deployment.spec.template.spec.containers) {
        const entry = entryOf(container);
        expect(existsSync(`${repoRoot}/${entry}`), `${deployment.metadata.name}: ${entry}`).toBe(true);
        const port = container.env?.find((v) => v.name === portVariableOf(entry))?.value;
        expect(
          container.ports?.map((p) => String(p.containerPort)),
          deployment.metadata.name,
        ).toContain(port);
      }
    }
  });

  it('every Deployment has readiness and liveness probes on /health/* of its own port', () => {
    for (const deployment of deployments()) {
      for (const container of deployment.spec.template.spec.containers) {
        const portNames = (container.ports ?? []).flatMap((p) => [p.name, p.containerPort]);
        expect(container.readinessProbe?.httpGet?.path, deployment.metadata.name).toBe('/health/ready');
        expect(container.livenessProbe?.httpGet?.path, deployment.metadata.name).toBe('/health/live');
        expect(portNames).toContain(container.readinessProbe?.httpGet?.port);
        expect(portNames).toContain(container.livenessProbe?.httpGet?.port);
      }
    }
  });

  it('every container (Deployments and StatefulSets) requests and limits CPU and memory', () => {
    for (const workload of [...deployments(), ...ofKind<Workload>('StatefulSet')]) {
      for (const container of workload.spec.template.spec.containers) {
        const name = `${workload.kind}/${workload.metadata.name}`;
        expect(Object.keys(container.resources?.requests ?? {}).sort(), name).toEqual(['cpu', 'memory']);
        expect(Object.keys(container.resources?.limits ?? {}).sort(), name).toEqual(['cpu', 'memory']);
      }
    }
  });

  it('every Deployment has a PodDisruptionBudget that selects its pods and still lets a node drain', () => {
    const budgets = ofKind<
      KubeObject & {
        spec: {
          selector: { matchLabels: Record<string, string> };
          minAvailable?: number;
          maxUnavailable?: number;
        };
      }
    >('PodDisruptionBudget');
    const autoscalers = ofKind<
      KubeObject & { spec: { minReplicas: number; scaleTargetRef: { name: string } } }
    >('HorizontalPodAutoscaler');
    for (const deployment of deployments()) {
      const labels = deployment.spec.template.metadata.labels;
      const matching = budgets.filter((b) => selects(b.spec.selector.matchLabels, labels));
      expect(matching, deployment.metadata.name).toHaveLength(1);
      const budget = matching[0]!;
      // A budget of minAvailable = the only replica would block every drain of its node.
      const fewestReplicas =
        autoscalers.find((a) => a.spec.scaleTargetRef.name === deployment.metadata.name)?.spec.minReplicas ??
        deployment.spec.replicas ??
        1;
      if (budget.spec.minAvailable !== undefined) {
        expect(budget.spec.minAvailable, deployment.metadata.name).toBeLessThan(fewestReplicas);
      } else {
        expect(budget.spec.maxUnavailable, deployment.metadata.name).toBeGreaterThanOrEqual(1);
      }
    }
  });

  it('the gateway and every subgraph have an autoscaler, and no replicas field to fight it', () => {
    const autoscalers = ofKind<
      KubeObject & {
        spec: { minReplicas: number; maxReplicas: number; scaleTargetRef: { kind: string; name: string } };
      }
    >('HorizontalPodAutoscaler');
    const scaled = deployments().filter((d) =>
      ['gateway', 'subgraph'].includes(d.metadata.labels?.['app.kubernetes.io/component'] ?? ''),
    );
    expect(scaled.map((d) => d.metadata.name).sort()).toEqual([
      'accounts',
      'audit',
      'gateway',
      'notifications',
      'tags',
      'tasks',
    ]);
    for (const deployment of scaled) {
      const autoscaler = autoscalers.find(
        (a) =>
          a.spec.scaleTargetRef.kind === 'Deployment' &&
          a.spec.scaleTargetRef.name === deployment.metadata.name,
      );
      expect(autoscaler, deployment.metadata.name).toBeDefined();
      expect(autoscaler!.spec.minReplicas).toBeGreaterThanOrEqual(2);
      expect(autoscaler!.spec.maxReplicas).toBeGreaterThan(autoscaler!.spec.minReplicas);
      expect(deployment.spec.replicas, deployment.metadata.name).toBeUndefined();
    }
  });

  it('the worker runs a fixed replica count that rolls without a gap, and the data stores one replica each', () => {
    // The recurrence worker reads through a consumer group and is idempotent by event id, so any
    // count >= 1 is correct; an autoscaler on CPU would only follow noise. The reminder scheduler
    // lives in notifications and claims rows with FOR UPDATE SKIP LOCKED, safe at any replica count.
    const worker = deployments().find((d) => d.metadata.name === 'worker')!;
    expect(worker.spec.replicas).toBeGreaterThanOrEqual(1);
    expect(worker.spec.strategy?.rollingUpdate?.maxUnavailable).toBe(0);
    expect(
      ofKind<KubeObject & { spec: { scaleTargetRef: { name: string } } }>('HorizontalPodAutoscaler').map(
        (a) => a.spec.scaleTargetRef.name,
      ),
    ).not.toContain('worker');
    // Postgres and Redis here are single primaries: a second replica would be a second database.
    for (const store of ofKind<Workload>('StatefulSet'))
      expect(store.spec.replicas, store.metadata.name).toBe(1);
  });

  it('credentials come only from Secrets, and every reference resolves', () => {
    for (const workload of [...deployments(), ...ofKind<Workload>('StatefulSet')]) {
      for (const container of workload.spec.template.spec.containers) {
        for (const variable of container.env ?? []) {
          const where = `${workload.metadata.name}: ${variable.name}`;
          if (isSecretName(variable.name)) {
            expect(variable.value, where).toBeUndefined();
            expect(variable.valueFrom?.secretKeyRef, where).toBeDefined();
          }
          const ref = variable.valueFrom?.secretKeyRef;
          if (ref) {
            const found = secret(ref.name);
            expect({ ...found?.data, ...found?.stringData }, where).toHaveProperty(ref.key);
          }
        }
        for (const source of container.envFrom ?? []) {
          if (source.configMapRef)
            expect(configMap(source.configMapRef.name), source.configMapRef.name).toBeDefined();
        }
      }
    }
    for (const map of ofKind<KubeObject & { data?: Record<string, string> }>('ConfigMap')) {
      expect(Object.keys(map.data ?? {}).filter(isSecretName), map.metadata.name).toEqual([]);
    }
  });

  it('every variable a Deployment sets is read by the process it starts', () => {
    const unread: string[] = [];
    const readers = new Map<string, string[]>();
    for (const deployment of deployments()) {
      for (const container of deployment.spec.template.spec.containers) {
        const entry = entryOf(container);
        for (const variable of container.env ?? []) {
          if (!isReadBy(entry, variable.name)) unread.push(`${deployment.metadata.name}: ${variable.name}`);
        }
        for (const source of container.envFrom ?? []) {
          const names = Object.keys(configMap(source.configMapRef?.name ?? '')?.data ?? {});
          for (const name of names) readers.set(name, [...(readers.get(name) ?? []), entry]);
        }
      }
    }
    // A shared ConfigMap feeds several processes: each of its keys must be read by one of them.
    for (const [name, entries] of readers) {
      if (!entries.some((entry) => isReadBy(entry, name))) unread.push(`ConfigMap key ${name}`);
    }
    expect(unread).toEqual([]);
  });
});
