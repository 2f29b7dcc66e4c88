export {
  encodeEnvelope,
  decodeEnvelope,
  decodeEvent,
  decodeStoredEvent,
  CLOUDEVENTS_SPEC_VERSION,
  type EncodedRecord,
} from './envelope-codec';
