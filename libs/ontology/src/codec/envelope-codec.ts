import { ENVELOPE_SCHEMA_VERSION } from '../contracts/envelope';
import { eventDataProblem } from '../contracts/event-checks';
import type { EventEnvelope } from '../contracts/event-map';
import { carries, type TopicSpec } from '../contracts/topics';
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
const canonical = (e: Readonly<Record<string, unknown>>): Record<string, unknown> => ({
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
 * The one decoder of events, used by every consumer: a record value (a Buffer is a Uint8Array)
 * becomes an envelope whose `data` fits its type's contract (event-checks.ts), or `undecodable`
 * naming what is wrong: not UTF-8 JSON, then whatever `decodeEvent` finds. Consumers send what is
 * undecodable to the topic's DLQ and commit it.
 */
export const decodeEnvelope = (value: Uint8Array | string | null | undefined, topic?: TopicSpec): Result<EventEnvelope> => {
  const raw = text(value);
  if (raw === undefined) return undecodable('the record has no value or it is not UTF-8 text');
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return undecodable('the record value is not JSON');
  }
  return decodeEvent(parsed, topic);
};

/**
 * An envelope from parsed JSON: a missing or ill-typed field, an unknown schemaVersion, an unknown
 * event type, data that does not fit its type, or a type `topic` does not carry are `undecodable`.
 * Unknown extra fields are ignored (a tolerant reader within one schema version).
 */
export const decodeEvent = (parsed: unknown, topic?: TopicSpec): Result<EventEnvelope> => {
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
  const type = String(e.type);
  const problem = eventDataProblem(type, e.data);
  if (problem !== undefined) return undecodable(`${type}: ${problem}`);
  if (topic !== undefined && !carries(topic, type)) return undecodable(`${type} events do not travel on ${topic.name}`);
  // Every field was checked above against the contract of its type.
  return ok(canonical(e) as EventEnvelope);
};

/** An event read back from onescale's own stores, which keep only decoded events: failing to decode is corruption. */
export const decodeStoredEvent = (parsed: unknown): EventEnvelope => {
  const decoded = decodeEvent(parsed);
  if (!decoded.ok) throw new Error(`a stored event does not decode: ${decoded.problem.message}`);
  return decoded.value;
};
