import type { EventEnvelope } from '../contracts/event-map';

/** One JSON envelope per line, each line ending in a newline (the body before gzip). */
export const toNdjson = (events: readonly EventEnvelope[]): string =>
  events.map((event) => `${JSON.stringify(event)}\n`).join('');

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const isEnvelope = (v: unknown): v is EventEnvelope =>
  isObject(v) &&
  typeof v.id === 'string' &&
  typeof v.type === 'string' &&
  typeof v.groupId === 'string' &&
  typeof v.rootGroupId === 'string' &&
  typeof v.timestamp === 'number' &&
  typeof v.recordedAt === 'number' &&
  typeof v.schemaVersion === 'number' &&
  isObject(v.data);

/**
 * Parses an archive body. Objects are only read after their checksum matched the manifest, so a
 * line that is not an envelope means corruption or a bug, not bad input: it throws, naming the line.
 */
export const fromNdjson = (text: string): EventEnvelope[] => {
  const lines = text.split('\n');
  const events: EventEnvelope[] = [];
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      throw new Error(`archive line ${index + 1} is not JSON`);
    }
    if (!isEnvelope(parsed)) throw new Error(`archive line ${index + 1} is not an event envelope`);
    events.push(parsed);
  });
  return events;
};
