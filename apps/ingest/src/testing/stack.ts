import { randomUUID } from 'node:crypto';
import { startAppProcess, type AppProcess } from '../../../../test/support/app-process';
import { request } from '../../../../test/support/http';

export interface IngestStack {
  readonly ingest: AppProcess;
  readonly quota: AppProcess;
  readonly env: Record<string, string>;
  createGroup(body?: Record<string, unknown>): Promise<{ id: string; rootGroupId: string }>;
  stop(): Promise<void>;
}

/**
 * Ingest with the real quota service beside it, each with a database of its own for this test file.
 * `ports` are two free ports of ingest's range (3500-3599).
 */
export async function startIngestStack(
  ports: { ingest: number; quota: number },
  extraEnv: Record<string, string> = {},
): Promise<IngestStack> {
  const suffix = randomUUID().slice(0, 8);
  const env = {
    INGEST_URL: `http://127.0.0.1:${ports.ingest}`,
    QUOTA_URL: `http://127.0.0.1:${ports.quota}`,
    RELAY_INTERVAL_MS: '300',
    RELAY_AGE_MS: '1000',
    ...extraEnv,
  };
  // A consumer group of its own, so this quota counts this stack's usage and no other's.
  const quota = await startAppProcess('quota', {
    port: ports.quota,
    env: { ...env, MONGODB_DB: `quota_test_${suffix}`, CONSUMER_GROUP_SUFFIX: `.test-${suffix}` },
  });
  const ingestEnv = { ...env, MONGODB_DB: `ingest_test_${suffix}` };
  const ingest = await startAppProcess('ingest', { port: ports.ingest, env: ingestEnv });
  return {
    ingest,
    quota,
    env: ingestEnv,
    async createGroup(body = {}) {
      const reply = await request('POST', `${ingest.url}/v1/groups`, {
        internal: true,
        body: { name: `Group ${randomUUID().slice(0, 8)}`, type: 'business', ...body },
      });
      if (reply.status !== 201) throw new Error(`group creation answered ${reply.status}: ${JSON.stringify(reply.body)}`);
      return reply.body.group;
    },
    async stop() {
      await Promise.all([ingest.kill(), quota.kill()]);
    },
  };
}
