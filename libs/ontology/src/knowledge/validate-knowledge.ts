import { KNOWLEDGE_ROLES, KNOWLEDGE_TYPES, type KnowledgeRole, type KnowledgeType } from '../contracts/entities';
import { fail, ok, type Result } from '../shared/result';
import { asFields, charLength, readOptionalId } from '../vocabulary/fields';
import { MAX_JSON_BYTES, utf8Bytes } from '../vocabulary/json-object';

export const MAX_KNOWLEDGE_TEXT_BYTES = MAX_JSON_BYTES;
export const MAX_EMBEDDING_VALUES = 4096;
export const MAX_LABELS = 64;
export const MAX_LABEL_LENGTH = 128;

const KNOWLEDGE_FIELDS = ['knowledgeType', 'text', 'embedding', 'labels', 'sourceThingId', 'role'];

export interface NewKnowledge {
  readonly knowledgeType: KnowledgeType;
  readonly text?: string;
  readonly embedding?: readonly number[];
  readonly labels?: readonly string[];
  readonly sourceThingId?: string;
  readonly role?: KnowledgeRole;
}

const oneOf = <T extends string>(values: readonly T[], value: unknown, path: string): Result<T> =>
  typeof value === 'string' && (values as readonly string[]).includes(value)
    ? ok(value as T)
    : fail(path === 'knowledgeType' ? 'invalid_type' : 'invalid_field', `${path} must be one of ${values.join(', ')}`, path);

const readText = (v: unknown): Result<string | undefined> => {
  if (v === undefined) return ok(undefined);
  if (typeof v !== 'string') return fail('invalid_field', 'text must be a string', 'text');
  const bytes = utf8Bytes(v);
  return bytes <= MAX_KNOWLEDGE_TEXT_BYTES
    ? ok(v)
    : fail('too_large', `text is ${bytes} bytes; the limit is ${MAX_KNOWLEDGE_TEXT_BYTES}`, 'text');
};

const readEmbedding = (v: unknown): Result<readonly number[] | undefined> => {
  if (v === undefined) return ok(undefined);
  if (!Array.isArray(v) || v.length === 0) return fail('invalid_field', 'embedding must be a non-empty array of numbers', 'embedding');
  if (v.length > MAX_EMBEDDING_VALUES) {
    return fail('too_large', `embedding has ${v.length} values; the limit is ${MAX_EMBEDDING_VALUES}`, 'embedding');
  }
  const bad = v.findIndex((x) => typeof x !== 'number' || !Number.isFinite(x));
  return bad < 0 ? ok(v as number[]) : fail('invalid_field', `embedding[${bad}] is not a finite number`, `embedding[${bad}]`);
};

/** Labels are trimmed; each 1..128 characters, at most 64 of them. */
const readLabels = (v: unknown): Result<readonly string[] | undefined> => {
  if (v === undefined) return ok(undefined);
  if (!Array.isArray(v)) return fail('invalid_field', 'labels must be an array of strings', 'labels');
  if (v.length > MAX_LABELS) return fail('too_large', `labels has ${v.length} entries; the limit is ${MAX_LABELS}`, 'labels');
  const labels: string[] = [];
  for (let i = 0; i < v.length; i++) {
    const label: unknown = v[i];
    const trimmed = typeof label === 'string' ? label.trim() : '';
    if (trimmed.length === 0 || charLength(trimmed) > MAX_LABEL_LENGTH) {
      return fail('invalid_field', `labels[${i}] must be a non-empty string of at most ${MAX_LABEL_LENGTH} characters`, `labels[${i}]`);
    }
    labels.push(trimmed);
  }
  return ok(labels);
};

/**
 * Validates one knowledge item. document and chunk need text, vector_only an embedding, label
 * labels or text. Whether `sourceThingId` is a live thing of the group is the caller's check.
 */
export const validateKnowledge = (input: unknown): Result<NewKnowledge> => {
  const fields = asFields(input, KNOWLEDGE_FIELDS);
  if (!fields.ok) return fields;
  const item = fields.value;
  const knowledgeType = oneOf(KNOWLEDGE_TYPES, item.knowledgeType, 'knowledgeType');
  if (!knowledgeType.ok) return knowledgeType;
  const role = item.role === undefined ? ok(undefined) : oneOf(KNOWLEDGE_ROLES, item.role, 'role');
  if (!role.ok) return role;
  const text = readText(item.text);
  if (!text.ok) return text;
  const embedding = readEmbedding(item.embedding);
  if (!embedding.ok) return embedding;
  const labels = readLabels(item.labels);
  if (!labels.ok) return labels;
  const sourceThingId = readOptionalId(item.sourceThingId, 'sourceThingId');
  if (!sourceThingId.ok) return sourceThingId;

  const type = knowledgeType.value;
  const hasText = text.value !== undefined && text.value.trim().length > 0;
  if ((type === 'document' || type === 'chunk') && !hasText) return fail('invalid_field', `a ${type} needs text`, 'text');
  if (type === 'vector_only' && embedding.value === undefined) return fail('invalid_field', 'vector_only needs an embedding', 'embedding');
  if (type === 'label' && !hasText && !labels.value?.length) return fail('invalid_field', 'a label needs labels or text', 'labels');

  const present = <K extends string, V>(key: K, value: V | undefined) => (value === undefined ? {} : { [key]: value });
  return ok({
    knowledgeType: type,
    ...present('text', text.value),
    ...present('embedding', embedding.value),
    ...present('labels', labels.value),
    ...present('sourceThingId', sourceThingId.value),
    ...present('role', role.value),
  } as NewKnowledge);
};

/** Bytes a knowledge item counts against storage: its text, 8 per embedding value, its labels. */
export const knowledgeBytes = (k: {
  readonly text?: string;
  readonly embedding?: readonly number[];
  readonly labels?: readonly string[];
}): number =>
  (k.text === undefined ? 0 : utf8Bytes(k.text)) +
  8 * (k.embedding?.length ?? 0) +
  (k.labels ?? []).reduce((sum, label) => sum + utf8Bytes(label), 0);
