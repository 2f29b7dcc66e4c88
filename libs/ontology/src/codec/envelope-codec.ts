import { ENVELOPE_SCHEMA_VERSION, type EventEnvelope } from '../contracts/envelope';
import { fail, ok, type Result } from '../shared/result';
import { isPlainObject } from '../vocabulary/json-object';

/** A Kafka record as kafkajs takes it: CloudEvents binary mode (attributes in `ce_*` headers). */
export interface EncodedRecord {
  /** The root group id: a tenant's events stay ordered within one partition. */
  readonly key: string;
  /** The envelope's JSON, fields in a fixed order (golden fixtures lock it). */
  readonly value: string;
  /** Ingest time (`recordedAt`), never event time: backdated events must survive topic retention. */
  readonly timestamp: string;
  readonly headers: Record<string, string>;
}

export const CLOUDEVENTS_SPEC_VERSION = '1.0';

/** The canonical field order of an envelope on the wire; optional ids are omitted when absent. */
const canonical = (e: EventEnvelope): EventEnvelope => ({
  id: e.id,
  type: e.type,
  groupId: e.groupId,
  rootGroupId: e.rootGroupId,
  ...(e.actorId === undefined ? {} : { actorId: e.actorId }),
  ...(e.targetId === undefined ? {} : { targetId: e.targetId }),
  timestamp: e.timestamp,
  recordedAt: e.recordedAt,
  data: e.data,
  schemaVersion: e.schemaVersion,
});

/** `source` is the producing app (`ingest`, `quota`, …); it becomes `ce_source: /onescale/<source>`. */
export const encodeEnvelope = (e: EventEnvelope, source: string): EncodedRecord => ({
  key: e.rootGroupId,
  value: JSON.stringify(canonical(e)),
  timestamp: String(e.recordedAt),
  headers: {
    ce_id: e.id,
    ce_type: e.type,
    ce_source: `/onescale/${source}`,
    ce_time: new Date(e.timestamp).toISOString(),
    ce_specversion: CLOUDEVENTS_SPEC_VERSION,
    'content-type': 'application/json',
  },
});

const undecodable = (message: string): Result<never> => fail('undecodable', message);
const utf8 = new TextDecoder('utf-8', { fatal: true });

const text = (value: Uint8Array | string | null | undefined): string | undefined => {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return undefined;
  try {
    return utf8.decode(value);
  } catch {
    return undefined;
  }
};

const isId = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
/** Within the range a Date can represent, so `ce_time` can always be written. */
const isMs = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && Math.abs(v) <= 8.64e15;

/**
 * Decodes a record value (a Buffer is a Uint8Array) into an envelope, or `undecodable` naming what
 * is wrong: not UTF-8 JSON, a missing or ill-typed field, an unknown schemaVersion. Unknown extra
 * fields are ignored (a tolerant reader within one schema version).
 */
export const decodeEnvelope = (value: Uint8Array | string | null | undefined): Result<EventEnvelope> => {
  const raw = text(value);
  if (raw === undefined) return undecodable('the record has no value or it is not UTF-8 text');
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return undecodable('the record value is not JSON');
  }
  if (!isPlainObject(parsed)) return undecodable('the envelope is not a JSON object');
  const e = parsed;
  if (e.schemaVersion !== ENVELOPE_SCHEMA_VERSION) {
    return undecodable(`unknown schemaVersion ${JSON.stringify(e.schemaVersion) ?? 'undefined'} (expected ${ENVELOPE_SCHEMA_VERSION})`);
  }
  for (const field of ['id', 'type', 'groupId', 'rootGroupId'] as const) {
    if (!isId(e[field])) return undecodable(`envelope field ${field} must be a non-empty string`);
  }
  for (const field of ['actorId', 'targetId'] as const) {
    if (e[field] !== undefined && !isId(e[field])) return undecodable(`envelope field ${field} must be a non-empty string when present`);
  }
  for (const field of ['timestamp', 'recordedAt'] as const) {
    if (!isMs(e[field])) return undecodable(`envelope field ${field} must be epoch milliseconds (an integer)`);
  }
  if (!isPlainObject(e.data)) return undecodable('envelope field data must be a JSON object');
  return ok(canonical(e as unknown as EventEnvelope));
};
