import { chunked } from './chunks';

describe('chunked', () => {
  const size = (n: number): number => n;

  it('cuts by count, keeping order', () => {
    expect(chunked([1, 1, 1, 1, 1], size, { maxMessages: 2, maxBytes: 100 })).toEqual([[1, 1], [1, 1], [1]]);
  });

  it('cuts by bytes, and a message larger than the limit is a chunk of its own', () => {
    expect(chunked([4, 4, 4, 50, 1], size, { maxMessages: 100, maxBytes: 10 })).toEqual([[4, 4], [4], [50], [1]]);
  });

  it('answers no chunk for no message', () => {
    expect(chunked([], size, { maxMessages: 1, maxBytes: 1 })).toEqual([]);
  });
});
