import { LAST_CHUNK_ROWS, WRITE_CHUNK_ROWS, writeChunks } from './outbox';

describe('the chunks a things batch is written in', () => {
  const sizes = (total: number) => writeChunks(total).map(([start, end]) => end - start);

  it('covers every row once, in order', () => {
    for (const total of [0, 1, LAST_CHUNK_ROWS, WRITE_CHUNK_ROWS, WRITE_CHUNK_ROWS + 1, 2_500, 10_000, 9_999]) {
      const chunks = writeChunks(total);
      expect(chunks.flatMap(([start, end]) => Array.from({ length: end - start }, (_, i) => start + i))).toEqual(
        Array.from({ length: total }, (_, i) => i),
      );
    }
  });

  it('writes full chunks, then halves what is left down to the last chunk size', () => {
    expect(sizes(10_000)).toEqual([...Array<number>(9).fill(WRITE_CHUNK_ROWS), 500, 250, 250]);
    expect(sizes(2_500)).toEqual([WRITE_CHUNK_ROWS, WRITE_CHUNK_ROWS, 250, 250]);
    expect(sizes(100)).toEqual([100]);
    for (const total of [1_001, 3_333, 10_000]) expect(Math.max(...sizes(total))).toBeLessThanOrEqual(WRITE_CHUNK_ROWS);
    for (const total of [1_001, 3_333, 10_000]) expect(sizes(total).at(-1)).toBeLessThanOrEqual(LAST_CHUNK_ROWS);
  });
});
