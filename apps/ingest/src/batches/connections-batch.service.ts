import { Injectable } from '@nestjs/common';
import {
  batchResult,
  connectionKey,
  createsCycle,
  cycleDetected,
  duplicateInBatch,
  forbidsCycles,
  isPlainObject,
  lookupIds,
  validateNewConnection,
  type BatchResult,
  type Composition,
  type Group,
  type ItemOutcome,
  type NewConnection,
  type Thing,
} from '@onescale/ontology';
import { findByIds, isDuplicateKey } from '@onescale/platform';
import type { ConnectionsBatchDto } from '@onescale/api';
import { InjectComposition } from '../composition';
import type { RequestIds } from '../idempotency/idempotency';
import { Outbox } from '../outbox/outbox';
import { stripUndefined, thingOf, type ConnectionRow } from '../store/rows';
import { WriteModel } from '../store/write-model';
import { QuotaAdmission } from './admission';

/**
 * POST connections/batch. Uniqueness of live (from, type, to) is decided by the database: each live
 * connection is stored under that key, so of two racing requests exactly one insert succeeds.
 */
@Injectable()
export class ConnectionsBatchService {
  constructor(
    private readonly model: WriteModel,
    private readonly outbox: Outbox,
    private readonly admission: QuotaAdmission,
    @InjectComposition() private readonly composition: Composition,
  ) {}

  async create(group: Group, body: ConnectionsBatchDto, ids: RequestIds): Promise<BatchResult> {
    const items = body.connections;
    const things = await this.loadThings(lookupIds(items, ['fromThingId', 'toThingId']));
    const outcomes: ItemOutcome[] = [];
    const candidates: Array<{ index: number; connection: NewConnection; key: string }> = [];
    items.forEach((item, index) => {
      const ends = isPlainObject(item) ? { from: things.get(String(item.fromThingId)), to: things.get(String(item.toThingId)) } : {};
      const valid = validateNewConnection(item, { groupId: group.id, ...ends, composition: this.composition });
      if (!valid.ok) outcomes[index] = { problem: valid.problem };
      else
        candidates.push({
          index,
          connection: valid.value,
          key: connectionKey(group.id, valid.value.fromThingId, valid.value.relationshipType, valid.value.toThingId),
        });
    });

    const keyAt = new Map(candidates.map((c) => [c.index, c.key]));
    const duplicates = duplicateInBatch(items.map((_, index) => keyAt.get(index) ?? null));
    const unique = candidates.filter((c) => {
      const problem = duplicates.get(c.index);
      if (problem) outcomes[c.index] = { problem };
      return !problem;
    });
    const acyclic = await this.rejectCycles(group, unique, outcomes);

    const { outcomes: admitted, reservations } =
      acyclic.length > 0
        ? await this.admission.admit(
            group,
            ids.batchId,
            ids.at,
            acyclic.map(() => ({ connections_total: 1 })),
          )
        : { outcomes: [], reservations: [] };
    const rows: ConnectionRow[] = [];
    acyclic.forEach(({ index, connection, key }, i) => {
      const decision = admitted[i]!;
      if (!decision.admitted) return void (outcomes[index] = { problem: decision.problem });
      rows.push(
        stripUndefined({
          _id: key,
          id: ids.id('connection', index),
          groupId: group.id,
          rootGroupId: group.rootGroupId,
          fromThingId: connection.fromThingId,
          toThingId: connection.toThingId,
          relationshipType: connection.relationshipType,
          fromThingType: things.get(connection.fromThingId)!.type,
          toThingType: things.get(connection.toThingId)!.type,
          metadata: connection.metadata ? JSON.stringify(connection.metadata) : undefined,
          strength: connection.strength,
          validFrom: connection.validFrom,
          validTo: connection.validTo,
          createdAt: ids.at,
          updatedAt: ids.at,
        }),
      );
    });

    const record = {
      _id: ids.batchId,
      kind: 'connections' as const,
      groupId: group.id,
      rootGroupId: group.rootGroupId,
      createdAt: ids.at,
      itemIds: rows.map((r) => r._id),
      reservations,
    };
    if (rows.length === 0 && reservations.length === 0) return batchResult(fill(outcomes, items.length), null);
    await this.outbox.open(record);
    const written = await this.insertUnique(rows, ids);
    const indexOf = new Map(acyclic.map((c) => [c.key, c.index]));
    rows.forEach((row) => {
      const index = indexOf.get(row._id)!;
      outcomes[index] = written.has(row._id)
        ? { id: row.id }
        : {
            problem: {
              code: 'duplicate_connection',
              message: `a live ${row.relationshipType} connection from ${row.fromThingId} to ${row.toThingId} already exists`,
            },
          };
    });
    const kept = rows.filter((r) => written.has(r._id));
    record.itemIds = kept.map((r) => r._id);
    return batchResult(fill(outcomes, items.length), await this.outbox.tryPublish(record, { connections: kept }));
  }

  private async loadThings(ids: string[]): Promise<Map<string, Thing>> {
    const rows = await findByIds(this.model.things, ids);
    return new Map([...rows].map(([id, row]) => [id, thingOf(row)]));
  }

  /** part_of and reports_to never close a cycle, counting the edges earlier in this batch too. */
  private async rejectCycles(
    group: Group,
    candidates: Array<{ index: number; connection: NewConnection; key: string }>,
    outcomes: ItemOutcome[],
  ) {
    const types = new Set(candidates.map((c) => c.connection.relationshipType).filter((t) => forbidsCycles(this.composition, t)));
    if (types.size === 0) return candidates;
    const edges = new Map<string, string[]>();
    const edgeKey = (type: string, from: string): string => `${type}|${from}`;
    // Cycle checks need the group's existing edges of these types: a scan of this group's connections only.
    for (const row of await this.model
      .connections(group.id)
      .find({ relationshipType: { $in: [...types] } })
      .toArray()) {
      edges.set(edgeKey(row.relationshipType, row.fromThingId), [
        ...(edges.get(edgeKey(row.relationshipType, row.fromThingId)) ?? []),
        row.toThingId,
      ]);
    }
    return candidates.filter(({ index, connection: c }) => {
      if (!types.has(c.relationshipType)) return true;
      if (createsCycle(c.fromThingId, c.toThingId, (id) => edges.get(edgeKey(c.relationshipType, id)) ?? [])) {
        outcomes[index] = { problem: cycleDetected(c.relationshipType, c.fromThingId, c.toThingId) };
        return false;
      }
      edges.set(edgeKey(c.relationshipType, c.fromThingId), [
        ...(edges.get(edgeKey(c.relationshipType, c.fromThingId)) ?? []),
        c.toThingId,
      ]);
      return true;
    });
  }

  /**
   * Inserts each connection under its live key. A duplicate key means another request holds that
   * connection — unless it is this request's own row from an earlier attempt (same id).
   */
  private async insertUnique(rows: ConnectionRow[], _ids: RequestIds): Promise<Set<string>> {
    const written = new Set(rows.map((r) => r._id));
    if (rows.length === 0) return written;
    const connections = await this.model.connectionsForWrite(rows[0]!.rootGroupId);
    try {
      await connections.insertMany(rows, { ordered: false });
    } catch (error) {
      const writeErrors = (error as { writeErrors?: Array<{ index: number; code?: number }> }).writeErrors;
      if (!Array.isArray(writeErrors) || !writeErrors.every((e) => isDuplicateKey(e))) throw error;
      const clashing = writeErrors.map((e) => rows[e.index]!);
      const existing = await findByIds(
        connections,
        clashing.map((r) => r._id),
      );
      for (const row of clashing) if (existing.get(row._id)?.id !== row.id) written.delete(row._id);
    }
    return written;
  }
}

/** Every index has an outcome (items never reached are impossible, but the type needs it dense). */
const fill = (outcomes: ItemOutcome[], length: number): ItemOutcome[] => Array.from({ length }, (_, i) => outcomes[i]!);
