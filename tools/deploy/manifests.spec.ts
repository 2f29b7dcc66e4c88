import { hotStoreDbName, loadConfig } from '@onescale/platform';
import { TopicsConfig } from '@onescale/platform';
import { ArchiverConfig } from '../../apps/archiver/src/archiver.config';
import { GatewayConfig } from '../../apps/gateway/src/gateway.config';
import { IngestConfig } from '../../apps/ingest/src/ingest.config';
import { MetricsConfig } from '../../apps/metrics/src/metrics.config';
import { NotifierConfig } from '../../apps/notifier/src/notifier.config';
import { QuotaConfig } from '../../apps/quota/src/quota.config';
import {
  containerEnv,
  kustomization,
  readManifests,
  selects,
  sourceExists,
  validateManifest,
  yamlFiles,
  type Container,
  type Manifest,
} from './k8s-manifests';

const { nodeFlags } = require('../node-flags') as { nodeFlags(app: string): string[] };

/**
 * deploy/k8s checked without a cluster: every manifest against the Kubernetes JSON schemas bundled by
 * kubernetes-models, then what a schema cannot see: each app's Deployment, Service, PodDisruptionBudget,
 * probes and requests, the archiver's CronJob, the topic Job, and that each container's environment
 * is one its app's validated config accepts.
 */
const APPS = {
  gateway: GatewayConfig,
  ingest: IngestConfig,
  metrics: MetricsConfig,
  quota: QuotaConfig,
  archiver: ArchiverConfig,
  notifier: NotifierConfig,
} as const;
type App = keyof typeof APPS;

const applied = kustomization().resources.flatMap((file) => readManifests(file));
const example = readManifests('secret.example.yaml');
const all = [...applied, ...example];
const find = (kind: string, name: string): Manifest | undefined => applied.find((m) => m.kind === kind && m.metadata.name === name);
const dataOf = (kind: string, list: Manifest[]) =>
  new Map(list.filter((m) => m.kind === kind).map((m) => [m.metadata.name, { ...(m.data ?? {}), ...(m.stringData ?? {}) }]));
const configMaps = dataOf('ConfigMap', applied);
const secrets = dataOf('Secret', example);
const podSpecOf = (m: Manifest) => (m.kind === 'CronJob' ? m.spec.jobTemplate.spec.template.spec : m.spec.template.spec);
const podLabelsOf = (m: Manifest) =>
  m.kind === 'CronJob' ? m.spec.jobTemplate.spec.template.metadata?.labels : m.spec.template.metadata?.labels;
const containersOf = (m: Manifest): Container[] => podSpecOf(m).containers;
const portOf = (container: Container, port: string | number): number | undefined =>
  typeof port === 'number' ? port : container.ports?.find((p: { name?: string }) => p.name === port)?.containerPort;

describe('deploy/k8s: schemas', () => {
  it('lists every manifest of the folder in kustomization.yaml (the example Secret excepted)', () => {
    expect([...kustomization().resources].sort()).toEqual(
      yamlFiles()
        .filter((f) => !f.endsWith('.example.yaml'))
        .sort(),
    );
  });

  it.each(all.map((m) => [`${m.kind} ${m.metadata.name}`, m] as const))(
    '%s conforms to the Kubernetes schema and names no namespace',
    (_name, manifest) => {
      expect(() => validateManifest(manifest)).not.toThrow();
      expect(manifest.metadata.namespace).toBeUndefined();
    },
  );

  it('rejects a manifest that breaks the schema (the check is live)', () => {
    const broken = JSON.parse(JSON.stringify(find('Deployment', 'onescale-ingest'))) as Manifest;
    broken.spec.template.spec.containers[0].ports[0].containerPort = 'three thousand and one';
    expect(() => validateManifest(broken)).toThrow(/containerPort must be integer/);
    expect(() => validateManifest({ ...broken, kind: 'StatefulSet' })).toThrow(/not a kind/);
  });

  it('runs one image, onescale:<tag>, whose tag the kustomization sets', () => {
    const [image] = kustomization().images;
    expect(image?.name).toBe('onescale');
    const workloads = applied.filter((m) => ['Deployment', 'CronJob', 'Job'].includes(m.kind));
    for (const workload of workloads)
      for (const container of containersOf(workload)) expect(container.image).toBe(`onescale:${image!.newTag}`);
  });
});

describe.each(Object.keys(APPS) as App[])('deploy/k8s: %s', (app) => {
  const deployment = find('Deployment', `onescale-${app}`)!;
  const container = deployment ? containersOf(deployment)[0] : undefined;

  it('has a Deployment running its entry point from the image, with the config map and its secrets', () => {
    expect(deployment).toBeDefined();
    expect(containersOf(deployment)).toHaveLength(1);
    expect(container.command).toEqual(['node', '--enable-source-maps', `dist/apps/${app}/src/main.js`]);
    expect(sourceExists(container.command[2])).toBe(true);
    expect(container.envFrom).toEqual([{ configMapRef: { name: 'onescale-config' } }]);
    for (const variable of container.env.filter((v: Container) => v.valueFrom))
      expect(variable.valueFrom.secretKeyRef.name).toBe('onescale-secrets');
  });

  it('gives the app an environment its config accepts, on the port it listens on', () => {
    const env = containerEnv(container, configMaps, secrets);
    expect(() => loadConfig(APPS[app] as new () => object, env)).not.toThrow();
    expect(Number(env.PORT)).toBe(container.ports[0].containerPort);
    expect(env.MONGODB_DB).toBe(`onescale_${app}`);
  });

  it('probes liveness on /health and readiness on /ready, on its port', () => {
    expect(container.livenessProbe.httpGet.path).toBe('/health');
    expect(container.readinessProbe.httpGet.path).toBe('/ready');
    expect(portOf(container, container.livenessProbe.httpGet.port)).toBe(container.ports[0].containerPort);
    expect(portOf(container, container.readinessProbe.httpGet.port)).toBe(container.ports[0].containerPort);
    // /ready waits up to 3 s for each dependency: the probe must wait longer.
    expect(container.readinessProbe.timeoutSeconds).toBeGreaterThan(3);
  });

  it('requests cpu and memory and caps memory above the Node heap', () => {
    const { requests, limits } = container.resources;
    expect(requests.cpu).toBeTruthy();
    expect(requests.memory).toBeTruthy();
    const options = containerEnv(container, configMaps, secrets).NODE_OPTIONS ?? '';
    const oldSpaceMb = Number(/max-old-space-size=(\d+)/.exec(options)?.[1]);
    // V8 sizes the young generation at three semi-spaces (two of new space, one of new large objects)
    const youngMb = 3 * Number(/max-semi-space-size=(\d+)/.exec(options)?.[1] ?? 16);
    expect(mebibytes(limits.memory)).toBeGreaterThan(oldSpaceMb + youngMb);
  });

  it('starts Node with the flags npm start, the tests and the benchmarks give it (tools/node-flags.js)', () => {
    const options = (containerEnv(container, configMaps, secrets).NODE_OPTIONS ?? '').split(/\s+/);
    expect(options).toEqual(expect.arrayContaining(nodeFlags(app)));
  });

  it('has a Service and a PodDisruptionBudget that select its pods, and the budget never blocks a drain', () => {
    const service = find('Service', `onescale-${app}`)!;
    const pdb = find('PodDisruptionBudget', `onescale-${app}`)!;
    const pods = podLabelsOf(deployment);
    expect(selects(deployment.spec.selector.matchLabels, pods)).toBe(true);
    expect(selects(service.spec.selector, pods)).toBe(true);
    expect(portOf(container, service.spec.ports[0].targetPort)).toBe(container.ports[0].containerPort);
    expect(selects(pdb.spec.selector.matchLabels, pods)).toBe(true);
    const replicas = deployment.spec.replicas as number;
    const allowed = pdb.spec.maxUnavailable ?? replicas - pdb.spec.minAvailable;
    expect(allowed).toBeGreaterThanOrEqual(1);
  });
});

describe('deploy/k8s: wiring', () => {
  it('exposes the gateway outside the cluster and keeps the internal apps inside', () => {
    expect(find('Service', 'onescale-gateway')!.spec.type).toBe('LoadBalancer');
    for (const app of ['ingest', 'metrics', 'quota', 'archiver', 'notifier'])
      expect(find('Service', `onescale-${app}`)!.spec.type ?? 'ClusterIP').toBe('ClusterIP');
  });

  it('points every app URL of the config map at a Service port that exists', () => {
    for (const app of ['ingest', 'metrics', 'quota', 'archiver', 'notifier']) {
      const url = new URL(configMaps.get('onescale-config')![`${app.toUpperCase()}_URL`]!);
      const service = find('Service', url.hostname);
      expect(service?.metadata.name).toBe(`onescale-${app}`);
      expect(service!.spec.ports.map((p: { port: number }) => p.port)).toContain(Number(url.port));
    }
  });

  it('runs the daily archival as a CronJob at 02:00 UTC, once, never overlapping', () => {
    const cron = find('CronJob', 'onescale-archiver-daily')!;
    expect(cron.spec).toMatchObject({ schedule: '0 2 * * *', timeZone: 'Etc/UTC', concurrencyPolicy: 'Forbid' });
    const [container] = containersOf(cron);
    // The image's CMD would be replaced by `args`: the command must name the archiver itself.
    expect(container.command).toEqual(['node', '--enable-source-maps', 'dist/apps/archiver/src/main.js']);
    expect(container.args).toEqual(['--once']);
    expect(['Never', 'OnFailure']).toContain(podSpecOf(cron).restartPolicy);
    expect(() => loadConfig(ArchiverConfig, containerEnv(container, configMaps, secrets))).not.toThrow();
    expect(container.resources.requests.memory).toBeTruthy();
  });

  it('runs the daily archival once: the CronJob runs it, the archiver service only on demand, both on the metrics hot store', () => {
    const service = containerEnv(containersOf(find('Deployment', 'onescale-archiver')!)[0], configMaps, secrets);
    const job = containerEnv(containersOf(find('CronJob', 'onescale-archiver-daily')!)[0], configMaps, secrets);
    const metrics = containerEnv(containersOf(find('Deployment', 'onescale-metrics')!)[0], configMaps, secrets);
    expect(service.ARCHIVAL_CRON).toBe('off');
    expect(metrics.HOT_STORE_DB).toBe(hotStoreDbName(metrics.MONGODB_DB!));
    expect(service.HOT_STORE_DB).toBe(metrics.HOT_STORE_DB);
    expect(job.HOT_STORE_DB).toBe(metrics.HOT_STORE_DB);
  });

  it('never routes Service traffic to a run-once pod', () => {
    for (const job of applied.filter((m) => m.kind === 'CronJob' || m.kind === 'Job')) {
      const labels = job.kind === 'CronJob' ? podLabelsOf(job) : job.spec.template.metadata?.labels;
      for (const service of applied.filter((m) => m.kind === 'Service')) expect(selects(service.spec.selector, labels)).toBe(false);
    }
  });

  it('creates the topics with a Job whose entry point is compiled into the image', () => {
    const job = find('Job', 'onescale-create-topics')!;
    const [container] = containersOf(job);
    expect(container.command).toEqual(['node', '--enable-source-maps', 'dist/libs/platform/src/kafka/create-topics.js']);
    expect(sourceExists(container.command[2])).toBe(true);
    expect(() => loadConfig(TopicsConfig, containerEnv(container, configMaps, secrets))).not.toThrow();
  });
});

function mebibytes(quantity: string): number {
  const match = /^(\d+)(Mi|Gi)$/.exec(quantity);
  if (!match) throw new Error(`unexpected memory quantity ${quantity}`);
  return Number(match[1]) * (match[2] === 'Gi' ? 1024 : 1);
}
