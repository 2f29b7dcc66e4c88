import { Injectable } from '@nestjs/common';
import {
  batchResult,
  diffThingUpdate,
  thingBytes,
  validateThingUpdate,
  type BatchResult,
  type Composition,
  type FieldChange,
  type Group,
  type ItemOutcome,
  type Problem,
  type ThingUpdateInput,
} from '@onescale/ontology';
import { findByIds, isDuplicateKey } from '@onescale/platform';
import type { ThingsUpdateBatchDto } from '@onescale/api';
import { InjectComposition } from '../composition';
import type { RequestIds } from '../idempotency/idempotency';
import { eventIdFor } from '../outbox/envelopes';
import { Outbox } from '../outbox/outbox';
import type { ThingClaim } from '../store/records';
import { thingOf } from '../store/rows';
import { WriteModel } from '../store/write-model';

export interface UpdateBatchResult extends BatchResult {
  readonly updated: string[];
  readonly unchanged: string[];
  readonly changes: Array<{ thingId: string; fields: Record<string, FieldChange> }>;
}

const notFound = (thingId: string): Problem => ({
  code: 'thing_not_found',
  message: `thing ${thingId} not found in this group`,
  path: 'thingId',
});

/**
 * PATCH things/batch. Each changed thing is claimed at its next version (a unique insert), so of two
 * concurrent updates of one thing exactly one applies; the other fails with `conflict` and can retry.
 */
@Injectable()
export class UpdatesBatchService {
  constructor(
    private readonly model: WriteModel,
    private readonly outbox: Outbox,
    @InjectComposition() private readonly composition: Composition,
  ) {}

  async update(group: Group, body: ThingsUpdateBatchDto, ids: RequestIds): Promise<UpdateBatchResult> {
    const outcomes: ItemOutcome[] = [];
    const valid: Array<{ index: number; item: ThingUpdateInput }> = [];
    body.updates.forEach((input, index) => {
      const item = validateThingUpdate(input);
      if (item.ok) valid.push({ index, item: item.value });
      else outcomes[index] = { problem: item.problem };
    });
    const rows = await findByIds(
      this.model.things,
      valid.map(({ item }) => item.thingId),
    );
    const unchanged: string[] = [];
    const claims: Array<{ index: number; claim: ThingClaim; fields: Record<string, FieldChange> }> = [];
    const seen = new Map<string, number>();
    valid.forEach(({ index, item: { thingId, patch } }) => {
      const row = rows.get(thingId);
      if (!row || row.groupId !== group.id) return void (outcomes[index] = { problem: notFound(thingId) });
      if (row.deletedAt !== undefined && row.deletedAt !== null)
        return void (outcomes[index] = { problem: { code: 'thing_deleted', message: `thing ${thingId} was deleted`, path: 'thingId' } });
      const earlier = seen.get(thingId);
      if (earlier !== undefined)
        return void (outcomes[index] = {
          problem: {
            code: 'duplicate_in_batch',
            message: `thing ${thingId} is already updated at index ${earlier} of this batch`,
            path: 'thingId',
          },
        });
      seen.set(thingId, index);
      const diff = diffThingUpdate(thingOf(row), patch, this.composition);
      if (!diff.ok) return void (outcomes[index] = { problem: diff.problem });
      outcomes[index] = { id: row._id };
      if (Object.keys(diff.value.changes).length === 0) return void unchanged.push(row._id);
      const next = diff.value.next;
      const version = row.version + 1;
      const claimId = `${row._id}#${version}`;
      claims.push({
        index,
        fields: diff.value.changes as Record<string, FieldChange>,
        claim: {
          _id: claimId,
          thingId: row._id,
          version,
          kind: 'update',
          batchId: ids.batchId,
          at: ids.at,
          name: next.name,
          properties: JSON.stringify(next.properties),
          status: next.status,
          bytes: thingBytes({ type: row.type, ...next }),
          previousBytes: row.bytes,
          changes: JSON.stringify(diff.value.changes),
          eventId: eventIdFor(claimId, ids.at),
        },
      });
    });

    const record = {
      _id: ids.batchId,
      kind: 'updates' as const,
      groupId: group.id,
      rootGroupId: group.rootGroupId,
      createdAt: ids.at,
      itemIds: claims.map((c) => c.claim._id),
      reservations: [],
    };
    let won = claims;
    let position: number | null = null;
    if (claims.length > 0) {
      await this.outbox.open(record);
      const lost = await this.insertClaims(
        claims.map((c) => c.claim),
        ids.batchId,
      );
      won = claims.filter((c) => !lost.has(c.claim._id));
      for (const { index, claim } of claims.filter((c) => lost.has(c.claim._id))) {
        outcomes[index] = {
          problem: {
            code: 'conflict',
            message: `thing ${claim.thingId} was changed by another request at the same time; read it again and retry`,
            path: 'thingId',
          },
        };
      }
      record.itemIds = won.map((c) => c.claim._id);
      position = await this.outbox.tryPublish(record, { claims: won.map((c) => c.claim) });
    }
    const result = batchResult(outcomes, position);
    return {
      ...result,
      updated: won.map((c) => c.claim.thingId),
      unchanged,
      changes: won.map((c) => ({ thingId: c.claim.thingId, fields: c.fields })),
    };
  }

  /** Inserts the claims; returns those another request holds (a retry's own earlier claims count as won). */
  private async insertClaims(claims: ThingClaim[], batchId: string): Promise<Set<string>> {
    try {
      await this.model.thingClaims.insertMany(claims, { ordered: false });
      return new Set();
    } catch (error) {
      const writeErrors = (error as { writeErrors?: Array<{ index: number; code?: number }> }).writeErrors;
      if (!Array.isArray(writeErrors) || !writeErrors.every((e) => isDuplicateKey(e))) throw error;
      const clashing = writeErrors.map((e) => claims[e.index]!);
      const existing = await findByIds(
        this.model.thingClaims,
        clashing.map((c) => c._id),
      );
      return new Set(clashing.filter((c) => existing.get(c._id)?.batchId !== batchId).map((c) => c._id));
    }
  }
}
