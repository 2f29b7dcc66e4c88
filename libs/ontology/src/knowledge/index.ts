export {
  validateKnowledge,
  knowledgeBytes,
  MAX_KNOWLEDGE_TEXT_BYTES,
  MAX_EMBEDDING_VALUES,
  MAX_LABELS,
  MAX_LABEL_LENGTH,
  type NewKnowledge,
} from './validate-knowledge';
