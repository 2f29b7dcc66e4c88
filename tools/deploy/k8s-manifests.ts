import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { Deployment } from 'kubernetes-models/apps/v1';
import { CronJob, Job } from 'kubernetes-models/batch/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ConfigMap, Secret, Service } from 'kubernetes-models/v1';

/** Loading and schema-checking deploy/k8s: the helpers of manifests.spec.ts. */
export const repoRoot = path.resolve(__dirname, '..', '..');
export const k8sDir = path.join(repoRoot, 'deploy', 'k8s');

// Any value: the manifests are plain YAML, checked field by field below.
export type Manifest = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  spec?: any;
  data?: Record<string, string>;
  stringData?: Record<string, string>;
};

/** The Kubernetes JSON schemas bundled by kubernetes-models (no download at test time). */
const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  'apps/v1/Deployment': Deployment,
  'batch/v1/CronJob': CronJob,
  'batch/v1/Job': Job,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'v1/ConfigMap': ConfigMap,
  'v1/Secret': Secret,
  'v1/Service': Service,
};

/** Throws with the schema's messages when a manifest does not conform (or is of a kind we do not ship). */
export function validateManifest(manifest: Manifest): void {
  const Model = MODELS[`${manifest.apiVersion}/${manifest.kind}`];
  if (!Model) throw new Error(`${manifest.apiVersion} ${manifest.kind} is not a kind the onescale manifests use`);
  new Model(manifest as never).validate();
}

export function readManifests(file: string): Manifest[] {
  const docs = parseAllDocuments(readFileSync(path.join(k8sDir, file), 'utf8'));
  for (const doc of docs) if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors.map((e) => e.message).join('; ')}`);
  return docs.map((doc) => doc.toJS() as Manifest).filter((m) => m !== null);
}

export interface Kustomization {
  resources: string[];
  images: Array<{ name: string; newTag: string }>;
}

export const kustomization = (): Kustomization => parse(readFileSync(path.join(k8sDir, 'kustomization.yaml'), 'utf8')) as Kustomization;

/** Every YAML file of the folder except the kustomization itself. */
export const yamlFiles = (): string[] => readdirSync(k8sDir).filter((f) => /\.ya?ml$/.test(f) && f !== 'kustomization.yaml');

/** `dist/<path>.js` in the image comes from `<path>.ts` in the repository. */
export const sourceOfDistEntry = (entry: string): string | null => {
  const match = /^dist\/(.+)\.js$/.exec(entry);
  return match ? path.join(repoRoot, `${match[1]}.ts`) : null;
};

export const sourceExists = (entry: string): boolean => {
  const source = sourceOfDistEntry(entry);
  return source !== null && existsSync(source);
};

export type Container = any;

/**
 * The environment a container would see: the ConfigMap's data (envFrom), its literal env values, and
 * its secret references resolved against the example Secret.
 */
export function containerEnv(
  container: Container,
  configMaps: Map<string, Record<string, string>>,
  secrets: Map<string, Record<string, string>>,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const source of container.envFrom ?? []) {
    if (source.configMapRef) Object.assign(env, configMaps.get(source.configMapRef.name) ?? {});
    if (source.secretRef) Object.assign(env, secrets.get(source.secretRef.name) ?? {});
  }
  for (const variable of container.env ?? []) {
    const ref = variable.valueFrom?.secretKeyRef ?? variable.valueFrom?.configMapKeyRef;
    if (ref) {
      const from = variable.valueFrom.secretKeyRef ? secrets : configMaps;
      const value = from.get(ref.name)?.[ref.key];
      if (value === undefined) throw new Error(`${variable.name} refers to ${ref.name}/${ref.key}, which does not exist`);
      env[variable.name] = value;
    } else env[variable.name] = String(variable.value ?? '');
  }
  return env;
}

/** True when every label of the selector is on the pod. */
export const selects = (selector: Record<string, string> | undefined, podLabels: Record<string, string> | undefined): boolean =>
  !!selector && Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => podLabels?.[k] === v);
