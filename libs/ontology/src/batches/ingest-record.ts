import { CLOUDEVENTS_SPEC_VERSION } from '../codec/envelope-codec';
import type { IngestRejection } from '../contracts/ingest-records';
import type { Problem, Result } from '../shared/result';
import { isPlainObject, MAX_JSON_BYTES } from '../vocabulary/json-object';

/**
 * The largest record value read: an `events/batch` item's metadata is at most MAX_JSON_BYTES, so a
 * value twice that size can never be a valid item and is refused before it is parsed.
 */
export const MAX_INGEST_RECORD_BYTES = 2 * MAX_JSON_BYTES;

/** A record of the ingestion topic as the consumer read it (headers already text). */
export interface IngestRecord {
  readonly key: string | null;
  readonly value: Uint8Array | null;
  readonly headers: Readonly<Record<string, string | undefined>>;
}

/** A record that is one `events/batch` item of a group, with its CloudEvents identity. */
export interface IngestItem {
  readonly groupId: string;
  readonly ceId: string;
  readonly ceSource: string;
  readonly item: Readonly<Record<string, unknown>>;
}

const REQUIRED_HEADERS = ['ce_specversion', 'ce_id', 'ce_type', 'ce_source'] as const;
const utf8 = new TextDecoder('utf-8', { fatal: true });
const problem = (code: string, path: string, message: string): Result<never> => ({ ok: false, problem: { code, path, message } });

/**
 * Reads one record of `onescale.ingest.v1` (SPEC §7): CloudEvents binary mode, key = the group id,
 * value = one `events/batch` item as JSON whose `type` is `ce_type`. Whatever is wrong with the record
 * as a whole is a problem with a code; the item itself is then validated by the batch path.
 */
export const readIngestRecord = (record: IngestRecord): Result<IngestItem> => {
  for (const name of REQUIRED_HEADERS) {
    if (!record.headers[name]) return problem('missing_header', name, `the CloudEvents header ${name} is missing or empty`);
  }
  const { ce_specversion: version, ce_id: ceId, ce_type: ceType, ce_source: ceSource } = record.headers as Record<string, string>;
  if (version !== CLOUDEVENTS_SPEC_VERSION) {
    return problem('unsupported_specversion', 'ce_specversion', `ce_specversion must be ${CLOUDEVENTS_SPEC_VERSION}, got ${version}`);
  }
  if (!record.key) return problem('missing_key', 'key', 'the record key must be the id of the group the event belongs to');
  if (record.value === null) return problem('invalid_json', 'value', 'the record has no value');
  if (record.value.byteLength > MAX_INGEST_RECORD_BYTES) {
    return problem(
      'record_too_large',
      'value',
      `the record value is ${record.value.byteLength} bytes; at most ${MAX_INGEST_RECORD_BYTES} are read`,
    );
  }
  let item: unknown;
  try {
    item = JSON.parse(utf8.decode(record.value));
  } catch {
    return problem('invalid_json', 'value', 'the record value is not UTF-8 JSON');
  }
  if (!isPlainObject(item)) return problem('invalid_json', 'value', 'the record value must be one events/batch item (a JSON object)');
  if (item.type !== ceType)
    return problem('type_mismatch', 'type', `the item's type must be ce_type (${ceType}), got ${JSON.stringify(item.type) ?? 'nothing'}`);
  return { ok: true, value: { groupId: record.key, ceId, ceSource, item } };
};

/** The rejection of a record: its identity as far as it could be read, the code and the field-level errors. */
export const ingestRejection = (
  record: IngestRecord,
  at: { readonly partition: number; readonly offset: number },
  p: Problem,
): IngestRejection => ({
  code: p.code,
  message: p.message,
  errors: [{ path: p.path ?? 'value', message: p.message }],
  groupId: record.key,
  ceId: record.headers.ce_id ?? null,
  ceType: record.headers.ce_type ?? null,
  ceSource: record.headers.ce_source ?? null,
  partition: at.partition,
  offset: at.offset,
});
