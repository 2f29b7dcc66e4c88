import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { Connection } from 'mongoose';
import type { Collection } from 'mongodb';
import { INGEST_ROUTES, type Group, type GroupStatus, type Plan } from '@onescale/ontology';
import { InjectMongo, InternalClient, isDuplicateKey, ReadinessRegistry } from '@onescale/platform';
import { QuotaConfig } from '../quota.config';

/** What quota keeps of a group: enough to find its root and the root's plan. */
export interface GroupRecord {
  readonly _id: string;
  readonly rootGroupId: string;
  readonly parentGroupId?: string;
  readonly plan: Plan;
  readonly status: GroupStatus;
  readonly updatedAt: number;
}

/** A group with the root it counts against (itself for a root group). */
export interface ResolvedGroup {
  readonly group: GroupRecord;
  readonly root: GroupRecord;
}

const UNKNOWN_FOR_MS = 5000;

const recordOf = (g: Group): GroupRecord => ({
  _id: g.id,
  rootGroupId: g.rootGroupId,
  ...(g.parentGroupId === undefined ? {} : { parentGroupId: g.parentGroupId }),
  plan: g.plan,
  status: g.status,
  updatedAt: g.updatedAt,
});

/**
 * Plans and hierarchy, learnt from `group_created` / `group_updated` and, for a group not seen yet,
 * from ingest. Held in memory (FerretDB scans on every read) and kept in the `groups` collection so a
 * restart does not have to ask ingest for every group again.
 */
@Injectable()
export class GroupDirectory implements OnModuleInit {
  private readonly logger = new Logger('groups');
  private readonly groups: Collection<GroupRecord>;
  private readonly cache = new Map<string, GroupRecord>();
  /** Ids ingest did not know, and until when to believe it (so a stream of usage does not ask each time). */
  private readonly unknown = new Map<string, number>();
  private loading: Promise<void> | null = null;
  private readonly ingest: InternalClient;

  constructor(
    @InjectMongo() connection: Connection,
    config: QuotaConfig,
    private readonly readiness: ReadinessRegistry,
  ) {
    this.groups = connection.db!.collection<GroupRecord>('groups');
    this.ingest = new InternalClient({ app: 'ingest', baseUrl: config.INGEST_URL, token: config.INTERNAL_TOKEN, timeoutMs: 3000 });
  }

  onModuleInit(): void {
    this.readiness.register('groups', () => this.ready());
    void this.ready().catch((error: Error) => this.logger.warn({ msg: 'loading groups failed; will retry', error: error.message }));
  }

  ready(): Promise<void> {
    this.loading ??= (async () => {
      for await (const g of this.groups.find({})) this.remember(g);
    })().catch((error: unknown) => {
      this.loading = null;
      throw error;
    });
    return this.loading;
  }

  /** Records a group from its event (an older version than the one held changes nothing). */
  async learn(group: Group): Promise<void> {
    await this.ready();
    const record = recordOf(group);
    this.unknown.delete(record._id);
    if (!this.remember(record)) return;
    // Two first sightings at once (the group's event and a lookup) both upsert; on FerretDB the
    // loser gets a duplicate key instead of an update, and the document now exists to replace.
    await this.groups.replaceOne({ _id: record._id }, record, { upsert: true }).catch((error: unknown) => {
      if (!isDuplicateKey(error)) throw error;
      return this.groups.replaceOne({ _id: record._id }, record);
    });
  }

  /** The group and its root, or null when neither quota nor ingest knows the group. Throws InternalCallError when ingest cannot answer. */
  async resolve(groupId: string): Promise<ResolvedGroup | null> {
    const group = await this.find(groupId);
    if (!group) return null;
    const root = group.rootGroupId === group._id ? group : await this.find(group.rootGroupId);
    return root ? { group, root } : null;
  }

  async find(groupId: string): Promise<GroupRecord | null> {
    await this.ready();
    const known = this.cache.get(groupId);
    if (known) return known;
    if ((this.unknown.get(groupId) ?? 0) > Date.now()) return null;
    const fetched = await this.ingest.call(INGEST_ROUTES.group, { params: { groupId } });
    if (!fetched) {
      this.unknown.set(groupId, Date.now() + UNKNOWN_FOR_MS);
      return null;
    }
    await this.learn(fetched);
    return this.cache.get(groupId) ?? null;
  }

  private remember(record: GroupRecord): boolean {
    const known = this.cache.get(record._id);
    if (known && known.updatedAt > record.updatedAt) return false;
    this.cache.set(record._id, record);
    return true;
  }
}
