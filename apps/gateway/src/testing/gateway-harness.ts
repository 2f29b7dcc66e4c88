import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { loadConfig } from '@onescale/platform';
import { bootGateway } from '../boot-gateway';
import { GatewayConfig } from '../gateway.config';
import { StubApps } from './stub-apps';

export const TEST_ADMIN_KEY = 'test-platform-admin-key-0123456789';
const INTERNAL_TOKEN = 'gateway-test-internal-token-0123456789';

export interface GatewayHarness {
  readonly url: string;
  readonly stub: StubApps;
  readonly app: INestApplication;
  readonly config: GatewayConfig;
  stop(): Promise<void>;
}

/**
 * A real gateway (real MongoDB and Kafka from the test setup) in this process, in front of stub apps.
 * Each test file passes its own port (3600-3699) and database.
 */
export async function startGateway(port: number, database: string, env: Record<string, string> = {}): Promise<GatewayHarness> {
  const stub = await new StubApps(INTERNAL_TOKEN).start();
  const config = loadConfig(GatewayConfig, {
    ...process.env,
    LOG_LEVEL: 'fatal',
    PORT: String(port),
    MONGODB_DB: database,
    ONESCALE_ADMIN_KEY: TEST_ADMIN_KEY,
    INTERNAL_TOKEN,
    INGEST_URL: stub.url,
    METRICS_URL: stub.url,
    QUOTA_URL: stub.url,
    ARCHIVER_URL: stub.url,
    ...env,
  });
  const app = await bootGateway(config, '127.0.0.1');
  return {
    url: `http://127.0.0.1:${port}`,
    stub,
    app,
    config,
    stop: async () => {
      await app.close();
      await stub.stop();
    },
  };
}

export const bearer = (key: string): Record<string, string> => ({ authorization: `Bearer ${key}` });
