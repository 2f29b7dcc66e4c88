import type { ChildProcess } from 'node:child_process';
import type { Kafka } from 'kafkajs';
import { CONSUMER_GROUPS } from '@onescale/ontology';
import { startApp, startAtTopicEnds, waitReady } from '../apps';

/** Stops an app and waits until its process is gone (its port and consumer group free). */
export const stopApp = (app: ChildProcess): Promise<void> =>
  new Promise((resolve) => {
    if (app.exitCode !== null || app.signalCode !== null) return resolve();
    const kill = setTimeout(() => app.kill('SIGKILL'), 15_000);
    app.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    app.kill('SIGTERM');
  });

/** Waits until the only member of a consumer group holds its partitions (the group is stable). */
async function joined(kafka: Kafka, groupId: string): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    for (let i = 0; i < 300; i++) {
      const {
        groups: [group],
      } = await admin.describeGroups([groupId]);
      if (group?.state === 'Stable' && group.members.length > 0) return;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`${groupId} did not join`);
  } finally {
    await admin.disconnect();
  }
}

/**
 * The read apps: started once every group is seeded, with consumer groups at the topics' ends, so
 * each projects (owns) every partition as the one metrics app of a deployment does; the second
 * answers every read from the database (no read cache).
 */
export async function withReadApps(
  kafka: Kafka,
  where: { dbName: string; suffix: string; shards: number; ports: { reads: number; uncached: number } },
  use: (apps: ChildProcess[]) => Promise<void>,
): Promise<void> {
  const apps: ChildProcess[] = [];
  try {
    for (const [port, name, extra] of [
      [where.ports.reads, 'reads', {}],
      [where.ports.uncached, 'uncached', { READ_CACHE_ENTRIES: '0' }],
    ] as const) {
      const groupSuffix = `${where.suffix}.${name}`;
      await startAtTopicEnds(kafka, `${CONSUMER_GROUPS.metricsProjector}${groupSuffix}`);
      apps.push(
        startApp('metrics', port, {
          MONGODB_DB: where.dbName,
          CONSUMER_GROUP_SUFFIX: groupSuffix,
          READ_MODEL_SHARDS: String(where.shards),
          ...extra,
        }),
      );
      await waitReady(`http://127.0.0.1:${port}`);
      await joined(kafka, `${CONSUMER_GROUPS.metricsProjector}${groupSuffix}`);
    }
    await use(apps);
  } finally {
    await Promise.all(apps.map(stopApp));
  }
}
