import { deterministicUuidv7, sha256Hex, UUIDV7_SEQUENCE_LIMIT, uuidv7 } from './ids';

const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const at = Date.UTC(2026, 11, 6, 12, 0, 0, 123);
const timeOf = (id: string): number => parseInt(id.replace(/-/g, '').slice(0, 12), 16);

describe('UUIDv7 ids', () => {
  it('are version 7 with the RFC 9562 variant, carrying their millisecond', () => {
    for (const id of [uuidv7(at), deterministicUuidv7('s', at), deterministicUuidv7('s', at, 0), deterministicUuidv7('s', at, 16_383)]) {
      expect(id).toMatch(V7);
      expect(timeOf(id)).toBe(at);
    }
  });

  it('sort by sequence within a millisecond, whatever their seeds', () => {
    const sequences = [0, 1, 2, 3, 4, 255, 256, 1023, 1024, 4095, 4096, 9_999, UUIDV7_SEQUENCE_LIMIT - 1];
    const ids = sequences.map((n) => deterministicUuidv7(`seed ${n % 7}`, at, n));
    expect([...ids].sort()).toEqual(ids);
  });

  it('take the rest (60 bits) from the seed: same time and sequence, other seed, other id', () => {
    const a = deterministicUuidv7('a', at, 42);
    const b = deterministicUuidv7('b', at, 42);
    // time, version, sequence and variant: the first 20 characters
    expect(a.slice(0, 20)).toBe(b.slice(0, 20));
    expect(a.slice(20)).not.toBe(b.slice(20));
    expect(deterministicUuidv7('a', at, 42)).toBe(a);
  });

  it('derive what earlier versions derived: an open outbox record names its rows by index', () => {
    expect(deterministicUuidv7('k1|thing|7', 1_700_000_000_000, 7)).toBe('018bcfe5-6800-7001-b59d-b9605080803d');
    expect(deterministicUuidv7('event:x:created', 1_700_000_000_000)).toBe('018bcfe5-6800-7ad3-9a36-c2388249df08');
  });

  it('share the SHA-256 of checksums and request hashes, the same for text and bytes', () => {
    const abc = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';
    expect(sha256Hex('abc')).toBe(abc);
    expect(sha256Hex(Buffer.from('abc'))).toBe(abc);
  });

  it('ignore a sequence outside 0 … limit-1: the id is the unsequenced one', () => {
    for (const n of [-1, 1.5, UUIDV7_SEQUENCE_LIMIT, Number.NaN])
      expect(deterministicUuidv7('s', at, n)).toBe(deterministicUuidv7('s', at));
  });
});
