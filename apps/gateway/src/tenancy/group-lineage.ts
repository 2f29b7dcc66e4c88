import { Injectable } from '@nestjs/common';
import { INGEST_ROUTES, type Group } from '@onescale/ontology';
import { Upstreams } from '../proxy/upstreams';

/** A group's place in its hierarchy: the group first, then each parent up to the root. */
export interface Lineage {
  readonly groupId: string;
  readonly rootGroupId: string;
  readonly ancestry: readonly string[];
}

const TTL_MS = 10 * 60_000;
const MAX_ENTRIES = 50_000;
const MAX_DEPTH = 32;

/**
 * Resolves lineages from ingest's group registry. A hierarchy never changes after creation, so a
 * lineage is cached (bounded, refreshed every ten minutes); unknown groups are not cached, so a group
 * created a moment ago is found on the next request.
 */
@Injectable()
export class GroupLineage {
  private readonly cache = new Map<string, { lineage: Lineage; at: number }>();
  private readonly inFlight = new Map<string, Promise<Lineage | null>>();

  constructor(private readonly upstreams: Upstreams) {}

  /** null when ingest knows no such group. Throws InternalCallError when ingest cannot answer. */
  async of(groupId: string, depth = 0): Promise<Lineage | null> {
    const cached = this.cache.get(groupId);
    if (cached && Date.now() - cached.at < TTL_MS) return cached.lineage;
    let pending = this.inFlight.get(groupId);
    if (!pending) {
      pending = this.resolve(groupId, depth).finally(() => this.inFlight.delete(groupId));
      this.inFlight.set(groupId, pending);
    }
    return pending;
  }

  /** Records a group the gateway just saw created, when its whole lineage is known (saves a lookup). */
  remember(group: Pick<Group, 'id' | 'rootGroupId' | 'parentGroupId'>, parent: Lineage | null): void {
    if (group.parentGroupId && parent?.groupId !== group.parentGroupId) return;
    this.store({ groupId: group.id, rootGroupId: group.rootGroupId, ancestry: [group.id, ...(parent?.ancestry ?? [])] });
  }

  private async resolve(groupId: string, depth: number): Promise<Lineage | null> {
    const body = await this.upstreams.get('ingest').internal.call(INGEST_ROUTES.group, { params: { groupId } });
    if (!body) return null;
    const parent = body.parentGroupId && depth < MAX_DEPTH ? await this.of(body.parentGroupId, depth + 1) : null;
    const ancestry = [body.id, ...(parent ? parent.ancestry : body.parentGroupId ? [body.parentGroupId, body.rootGroupId] : [])];
    const lineage: Lineage = { groupId: body.id, rootGroupId: body.rootGroupId, ancestry: [...new Set(ancestry)] };
    this.store(lineage);
    return lineage;
  }

  private store(lineage: Lineage): void {
    if (this.cache.size >= MAX_ENTRIES) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(lineage.groupId, { lineage, at: Date.now() });
  }
}
