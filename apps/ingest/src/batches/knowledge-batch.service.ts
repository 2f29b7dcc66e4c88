import { Injectable } from '@nestjs/common';
import {
  batchResult,
  knowledgeBytes,
  lookupIds,
  validateKnowledge,
  type BatchResult,
  type Group,
  type ItemOutcome,
  type NewKnowledge,
} from '@onescale/ontology';
import type { KnowledgeBatchDto } from '@onescale/api';
import type { RequestIds } from '../idempotency/idempotency';
import { Outbox } from '../outbox/outbox';
import { stripUndefined, type KnowledgeRow } from '../store/rows';
import { WriteModel } from '../store/write-model';
import { findByIds, insertAll } from '@onescale/platform';
import { QuotaAdmission } from './admission';

/** POST knowledge/batch: labels, documents, chunks and vectors, optionally linked to a thing. */
@Injectable()
export class KnowledgeBatchService {
  constructor(
    private readonly model: WriteModel,
    private readonly outbox: Outbox,
    private readonly admission: QuotaAdmission,
  ) {}

  async add(group: Group, body: KnowledgeBatchDto, ids: RequestIds): Promise<BatchResult> {
    const sources = await findByIds(this.model.things, lookupIds(body.knowledge, ['sourceThingId']));
    const outcomes: ItemOutcome[] = [];
    const candidates: Array<{ index: number; item: NewKnowledge; bytes: number }> = [];
    body.knowledge.forEach((input, index) => {
      const valid = validateKnowledge(input);
      if (!valid.ok) return void (outcomes[index] = { problem: valid.problem });
      const source = valid.value.sourceThingId ? sources.get(valid.value.sourceThingId) : undefined;
      if (
        valid.value.sourceThingId &&
        (!source || source.groupId !== group.id || (source.deletedAt !== undefined && source.deletedAt !== null))
      ) {
        return void (outcomes[index] = {
          problem: {
            code: 'thing_not_found',
            message: `thing ${valid.value.sourceThingId} not found in this group`,
            path: 'sourceThingId',
          },
        });
      }
      candidates.push({ index, item: valid.value, bytes: knowledgeBytes(valid.value) });
    });
    const { outcomes: admitted, reservations } =
      candidates.length > 0
        ? await this.admission.admit(
            group,
            ids.batchId,
            ids.at,
            candidates.map((c) => ({ storage_bytes: c.bytes })),
          )
        : { outcomes: [], reservations: [] };
    const rows: KnowledgeRow[] = [];
    candidates.forEach(({ index, item, bytes }, i) => {
      const decision = admitted[i]!;
      if (!decision.admitted) return void (outcomes[index] = { problem: decision.problem });
      const id = ids.id('knowledge', index);
      rows.push(
        stripUndefined({ _id: id, groupId: group.id, rootGroupId: group.rootGroupId, ...item, createdAt: ids.at, bytes }) as KnowledgeRow,
      );
      outcomes[index] = { id };
    });
    if (rows.length === 0 && reservations.length === 0) return batchResult(outcomes, null);
    const record = {
      _id: ids.batchId,
      kind: 'knowledge' as const,
      groupId: group.id,
      rootGroupId: group.rootGroupId,
      createdAt: ids.at,
      itemIds: rows.map((r) => r._id),
      reservations,
    };
    await this.outbox.open(record);
    await insertAll(this.model.knowledge, rows);
    return batchResult(outcomes, await this.outbox.tryPublish(record, { knowledge: rows }));
  }
}
