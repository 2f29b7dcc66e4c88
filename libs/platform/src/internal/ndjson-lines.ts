/** The non-blank lines of a streamed NDJSON answer (an internal route's `stream`), read at the caller's pace. */
export async function* ndjsonLines(body: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let buffered = '';
  for await (const chunk of body) {
    buffered += decoder.decode(chunk, { stream: true });
    let nl: number;
    while ((nl = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      if (line.trim() !== '') yield line;
    }
  }
  const last = buffered + decoder.decode();
  if (last.trim() !== '') yield last;
}
