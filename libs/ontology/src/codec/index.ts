export { encodeEnvelope, decodeEnvelope, CLOUDEVENTS_SPEC_VERSION, type EncodedRecord } from './envelope-codec';
