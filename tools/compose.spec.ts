import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { loadConfig } from '@onescale/platform';
import { ArchiverConfig } from '../apps/archiver/src/archiver.config';
import { GatewayConfig } from '../apps/gateway/src/gateway.config';
import { IngestConfig } from '../apps/ingest/src/ingest.config';
import { MetricsConfig } from '../apps/metrics/src/metrics.config';
import { NotifierConfig } from '../apps/notifier/src/notifier.config';
import { QuotaConfig } from '../apps/quota/src/quota.config';

const { nodeFlags } = require('./node-flags') as { nodeFlags(app: string): string[] };

/**
 * docker-compose.yml cannot run here (no Docker engine), so what can be checked without one is:
 * the pinned servers, the wiring between services, and that each app's validated config accepts the
 * environment compose gives it.
 */
interface Service {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: unknown };
  ports?: string[];
}

const compose = parse(readFileSync(path.join(__dirname, '..', 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, Service>;
};
const services = compose.services;
const APPS = {
  gateway: GatewayConfig,
  ingest: IngestConfig,
  metrics: MetricsConfig,
  quota: QuotaConfig,
  archiver: ArchiverConfig,
  notifier: NotifierConfig,
} as const;

/** What an operator exports before `docker compose up` (the secrets have no defaults). */
const SECRETS: Record<string, string> = {
  ONESCALE_ADMIN_KEY: 'a'.repeat(48),
  INTERNAL_TOKEN: 'i'.repeat(48),
  S3_ACCESS_KEY_ID: 'operator',
  S3_SECRET_ACCESS_KEY: 's'.repeat(40),
};

/** Compose's interpolation: ${VAR:-default} takes the default, ${VAR:?message} needs VAR set. */
const interpolate = (env: Record<string, string>, given: Record<string, string> = SECRETS): Record<string, string> =>
  Object.fromEntries(
    Object.entries(env).map(([k, v]) => [
      k,
      String(v)
        .replace(/\$\{([A-Z0-9_]+):-([^}]*)\}/g, (_, name: string, fallback: string) => given[name] ?? fallback)
        .replace(/\$\{([A-Z0-9_]+):\?([^}]*)\}/g, (_, name: string, message: string) => {
          if (given[name] === undefined) throw new Error(message);
          return given[name]!;
        }),
    ]),
  );

/** Every `${NAME:?…}` (required) or `${NAME:-default}` (optional) of the file, with its default. */
const variablesIn = (text: string, kind: '?' | '-'): Array<[string, string]> =>
  [...text.matchAll(/\$\{([A-Z0-9_]+):([-?])([^}]*)\}/g)].filter((m) => m[2] === kind).map((m) => [m[1]!, m[3]!]);

describe('docker-compose.yml', () => {
  it('pins Kafka 4.1 in KRaft mode, MongoDB 8 as a replica set and versitygw', () => {
    expect(services.kafka?.image).toMatch(/^apache\/kafka:4\.1\.\d+$/);
    expect(services.kafka?.environment?.KAFKA_PROCESS_ROLES).toBe('broker,controller');
    expect(services.mongo?.image).toMatch(/^mongo:8\./);
    expect(services.mongo?.command).toEqual(expect.arrayContaining(['--replSet']));
    expect(services.s3?.image).toMatch(/^versity\/versitygw:v1\.7\.\d+$/);
  });

  it('runs the six apps from one build, each with its APP and PORT, a health check and its dependencies', () => {
    for (const app of Object.keys(APPS)) {
      const service = services[app]!;
      expect(service).toBeDefined();
      expect(service.build).toBe('.');
      expect(service.environment?.APP).toBe(app);
      expect(Number(service.environment?.PORT)).toBeGreaterThan(0);
      expect(service.healthcheck).toBeDefined();
      for (const dependency of Object.keys(service.depends_on ?? {})) expect(services[dependency]).toBeDefined();
    }
    expect(services.gateway?.ports).toEqual(['3000:3000']);
  });

  it('starts each app with the Node flags npm start, the tests and the benchmarks give it (tools/node-flags.js)', () => {
    for (const app of Object.keys(APPS)) {
      const options = services[app]!.environment?.NODE_OPTIONS;
      if (nodeFlags(app).length === 0) expect(options).toBeUndefined();
      else expect(options?.split(/\s+/)).toEqual(nodeFlags(app));
    }
  });

  it('starts only with every secret given: none has a default', () => {
    const text = readFileSync(path.join(__dirname, '..', 'docker-compose.yml'), 'utf8');
    expect(new Set(variablesIn(text, '?').map(([name]) => name))).toEqual(new Set(Object.keys(SECRETS)));
    expect(() => interpolate(services.gateway!.environment ?? {}, {})).toThrow(/ONESCALE_ADMIN_KEY|INTERNAL_TOKEN|S3_/);
  });

  it('passes the Kafka connection settings through, defaulting to the bundled plaintext broker and no login', () => {
    const text = readFileSync(path.join(__dirname, '..', 'docker-compose.yml'), 'utf8');
    const optional = new Map(variablesIn(text, '-'));
    expect([...optional.keys()].every((name) => name.startsWith('KAFKA_'))).toBe(true);
    expect(Object.fromEntries(optional)).toMatchObject({
      KAFKA_BROKERS: 'kafka:19092',
      KAFKA_SSL: 'false',
      KAFKA_SASL_MECHANISM: '',
      KAFKA_SASL_PASSWORD: '',
    });
  });

  it('publishes the data stores on 127.0.0.1 only, and the gateway as the one public port', () => {
    for (const store of ['kafka', 'mongo', 's3']) {
      for (const port of services[store]?.ports ?? []) expect(port).toMatch(/^127\.0\.0\.1:/);
    }
  });

  it.each(Object.entries(APPS))('gives %s an environment its config accepts', (app, cls) => {
    const env = interpolate(services[app]!.environment ?? {});
    expect(() => loadConfig(cls as new () => object, env)).not.toThrow();
  });
});
