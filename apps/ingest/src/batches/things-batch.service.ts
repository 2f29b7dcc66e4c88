import { Injectable } from '@nestjs/common';
import {
  batchResult,
  isPersonType,
  thingBytes,
  validateNewThing,
  type BatchResult,
  type Composition,
  type Group,
  type ItemOutcome,
  type NewThing,
} from '@onescale/ontology';
import type { ThingsBatchDto } from '@onescale/api';
import { InjectComposition } from '../composition';
import { Outbox } from '../outbox/outbox';
import type { RequestIds } from '../idempotency/idempotency';
import { rangesOf } from '../store/records';
import type { ThingRow } from '../store/rows';
import { QuotaAdmission } from './admission';
import { batchSteps } from './batch-steps';

/** POST things/batch: validate each item, admit within quota, write the registry rows, publish. */
@Injectable()
export class ThingsBatchService {
  constructor(
    private readonly outbox: Outbox,
    private readonly admission: QuotaAdmission,
    @InjectComposition() private readonly composition: Composition,
  ) {}

  async insert(group: Group, body: ThingsBatchDto, ids: RequestIds): Promise<BatchResult> {
    const step = batchSteps('things');
    const outcomes: ItemOutcome[] = [];
    const candidates: Array<{ index: number; thing: NewThing; bytes: number }> = [];
    body.things.forEach((item, index) => {
      const valid = validateNewThing(item, { composition: this.composition, defaultStatus: body.options?.defaultStatus });
      if (!valid.ok) outcomes[index] = { problem: valid.problem };
      else candidates.push({ index, thing: valid.value, bytes: thingBytes(valid.value) });
    });

    const costs = candidates.map(({ thing, bytes }) => ({
      entities_total: 1,
      ...(isPersonType(this.composition, thing.type) ? { users: 1 } : {}),
      storage_bytes: bytes,
    }));
    step('validate');
    const { outcomes: admitted, reservations } =
      candidates.length > 0 ? await this.admission.admit(group, ids.batchId, ids.at, costs) : { outcomes: [], reservations: [] };
    step('reserve');

    const rows: ThingRow[] = [];
    const written: number[] = [];
    candidates.forEach(({ index, thing, bytes }, i) => {
      const decision = admitted[i]!;
      if (!decision.admitted) return void (outcomes[index] = { problem: decision.problem });
      const id = ids.id('thing', index);
      rows.push({
        _id: id,
        groupId: group.id,
        rootGroupId: group.rootGroupId,
        type: thing.type,
        name: thing.name,
        properties: JSON.stringify(thing.properties),
        status: thing.status,
        schemaVersion: 1,
        createdAt: ids.at,
        updatedAt: ids.at,
        version: 1,
        bytes,
      });
      outcomes[index] = { id };
      written.push(index);
    });

    const record = {
      _id: ids.batchId,
      kind: 'things' as const,
      groupId: group.id,
      rootGroupId: group.rootGroupId,
      createdAt: ids.at,
      itemIds: [],
      itemRanges: { seed: ids.seed, kind: 'thing', bounds: rangesOf(written), ...(ids.ordered ? { ordered: true } : {}) },
      reservations,
    };
    if (rows.length === 0 && reservations.length === 0) return batchResult(outcomes, null);
    await this.outbox.open(record);
    step('open');
    const position = await this.outbox.writeThings(record, rows, step);
    return batchResult(outcomes, position);
  }
}
