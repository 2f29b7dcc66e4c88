import { Injectable } from '@nestjs/common';
import { isPersonType, type Composition, type LiveCounts } from '@onescale/ontology';
import { InjectComposition } from '../composition';
import { WriteModel } from '../store/write-model';

/**
 * An independent recount of a root group's gauges from the write model (not from events or
 * counters): what quota's drift audit compares its counters with. It scans; it is for audits only.
 */
@Injectable()
export class GroupCounts {
  constructor(
    private readonly model: WriteModel,
    @InjectComposition() private readonly composition: Composition,
  ) {}

  async recount(rootGroupId: string): Promise<LiveCounts> {
    const [things, connections, knowledge] = await Promise.all([
      this.model.things.find({ rootGroupId }, { projection: { type: 1, bytes: 1, deletedAt: 1 } }).toArray(),
      this.model.connections(rootGroupId).countDocuments(),
      this.model.knowledge.find({ rootGroupId }, { projection: { bytes: 1 } }).toArray(),
    ]);
    const live = things.filter((t) => t.deletedAt === undefined || t.deletedAt === null);
    return {
      entities_total: live.length,
      users: live.filter((t) => isPersonType(this.composition, t.type)).length,
      connections_total: connections,
      storage_bytes: live.reduce((s, t) => s + t.bytes, 0) + knowledge.reduce((s, k) => s + k.bytes, 0),
    };
  }
}
