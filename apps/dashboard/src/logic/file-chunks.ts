import type { TextChunk } from '../onescale-client';

/** A dropped file as UTF-8 text chunks, read as a stream: a large file is never held whole. */
export async function* fileChunks(file: Blob): AsyncGenerator<TextChunk> {
  const reader = file.stream().getReader();
  const decoder = new TextDecoder('utf-8');
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      yield { text: decoder.decode(value, { stream: true }), bytes: value.byteLength };
    }
    const tail = decoder.decode();
    if (tail !== '') yield { text: tail, bytes: 0 };
  } finally {
    reader.releaseLock();
  }
}

/** A random run id (works outside secure contexts too, unlike crypto.randomUUID). */
export const newRunId = (): string =>
  Array.from(crypto.getRandomValues(new Uint8Array(8)), (b) => b.toString(16).padStart(2, '0')).join('');

export function download(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
