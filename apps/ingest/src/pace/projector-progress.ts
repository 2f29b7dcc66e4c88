import type { OnApplicationShutdown } from '@nestjs/common';
import type { Admin, Kafka } from 'kafkajs';
import { TOPICS } from '@onescale/ontology';
import { ProjectorProgress, type ProjectorState } from './projection-pace';

/** Group states in which no member will commit anything (kafkajs names them as the broker does). */
const IDLE_STATES = new Set(['Empty', 'Dead']);

/**
 * The projector's progress as Kafka keeps it: its consumer group's members and committed offsets on
 * the events topic. Ingest never reads the metrics app's storage (DESIGN §3); Kafka's view of a
 * consumer group is the same one any lag dashboard shows.
 */
export class KafkaProjectorProgress extends ProjectorProgress implements OnApplicationShutdown {
  private admin: Promise<Admin> | null = null;

  constructor(
    private readonly kafka: Kafka,
    private readonly groupId: string,
  ) {
    super();
  }

  async read(): Promise<ProjectorState> {
    const admin = await this.connected();
    const [{ groups }, offsets] = await Promise.all([
      admin.describeGroups([this.groupId]),
      admin.fetchOffsets({ groupId: this.groupId, topics: [TOPICS.events.name] }),
    ]);
    const group = groups.find((g) => g.groupId === this.groupId);
    const committed = new Map<number, number>();
    for (const { partition, offset } of offsets.find((o) => o.topic === TOPICS.events.name)?.partitions ?? []) {
      const next = Number(offset);
      if (next >= 0) committed.set(partition, next);
    }
    return { running: group !== undefined && !IDLE_STATES.has(group.state), committed };
  }

  private connected(): Promise<Admin> {
    this.admin ??= (async () => {
      const admin = this.kafka.admin();
      await admin.connect();
      return admin;
    })().catch((error: unknown) => {
      this.admin = null;
      throw error;
    });
    return this.admin;
  }

  async onApplicationShutdown(): Promise<void> {
    const admin = await this.admin?.catch(() => null);
    this.admin = null;
    await admin?.disconnect();
  }
}
