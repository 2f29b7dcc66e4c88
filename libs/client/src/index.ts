// Client-side helpers of the public API, shared by the `onescale` CLI and the dashboard: pure
// TypeScript (no Node or browser APIs), so both bundle the same import parsing and batching.
export { IMPORT_KINDS, KIND_FIELDS, OBJECT_FIELD, isImportKind, checkItem, type ImportKind, type FieldSpec } from './import/kinds';
export { MAX_RECORD_CHARS, csvReader, lineReader, type TextRecord, type RecordReader } from './import/text-records';
export {
  IMPORT_FORMATS,
  FileFormatError,
  formatOfName,
  lineParser,
  type ImportFormat,
  type ParsedLine,
  type LineParser,
} from './import/line-parser';
export { LINE_ERRORS_CSV_HEADER, countByCode, lineErrorToCsv, lineErrorToNdjson, type LineError } from './import/line-errors';
export {
  ImportAborted,
  batchBody,
  idempotencyKey,
  sendBatch,
  type Batch,
  type BatchOutcome,
  type HttpReply,
  type PostBatch,
} from './import/send-batch';
export { MAX_BATCH_ITEMS } from '../../api/src/common/limits';
export {
  DEFAULT_MAX_BATCH_CHARS,
  runImport,
  type ImportOptions,
  type ImportProgress,
  type ImportSummary,
  type TextChunk,
} from './import/import-run';
export { formatBytes, formatCount, formatDuration } from './format';
