/**
 * The value of a record on `onescale.ingest.v1.rejected` (JSON): one per record of the ingestion
 * topic that ingest refused, with the refused record's key and headers copied onto it. `code` is the
 * code `events/batch` would answer for the item (`invalid_type`, `actor_not_found`, `quota_exceeded`,
 * …) or one of the record's own (`missing_header`, `unsupported_specversion`, `invalid_header`,
 * `missing_key`, `invalid_json`, `record_too_large`, `type_mismatch`, `group_not_found`,
 * `group_inactive`, `idempotency_key_reused`). `partition` and `offset` say where the refused record
 * is; a consumer of the rejections keeps each (partition, offset) once.
 */
export interface IngestRejection {
  readonly code: string;
  readonly message: string;
  readonly errors: ReadonlyArray<{ readonly path: string; readonly message: string }>;
  readonly groupId: string | null;
  readonly ceId: string | null;
  readonly ceType: string | null;
  readonly ceSource: string | null;
  readonly partition: number;
  readonly offset: number;
}
