import { decodeEvent } from '../codec/envelope-codec';
import type { EventEnvelope } from '../contracts/event-map';

/** One JSON envelope per line, each line ending in a newline (the body before gzip). */
export const toNdjson = (events: readonly EventEnvelope[]): string => events.map((event) => `${JSON.stringify(event)}\n`).join('');

/**
 * Parses an archive body. Objects are only read after their checksum matched the manifest, so a
 * line that does not decode means corruption or a bug, not bad input: it throws, naming the line.
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
    const decoded = decodeEvent(parsed);
    if (!decoded.ok) throw new Error(`archive line ${index + 1} is not an event envelope: ${decoded.problem.message}`);
    events.push(decoded.value);
  });
  return events;
};
