import { createReadStream } from 'node:fs';
import type { TextChunk } from '../../../../libs/client/src';

/** A file as UTF-8 text chunks of ~256 KiB: read as a stream, so its size never matters. */
export async function* fileChunks(path: string): AsyncGenerator<TextChunk> {
  const decoder = new TextDecoder('utf-8');
  for await (const buffer of createReadStream(path, { highWaterMark: 256 * 1024 })) {
    const bytes = buffer as Buffer;
    yield { text: decoder.decode(bytes, { stream: true }), bytes: bytes.length };
  }
  const tail = decoder.decode();
  if (tail !== '') yield { text: tail, bytes: 0 };
}
