import { parseByteSize } from './byte-size';

describe('parseByteSize', () => {
  it.each([
    ['32mb', 33_554_432],
    ['512kb', 524_288],
    ['1.5 KB', 1536],
    ['1048576', 1_048_576],
    ['2gb', 2_147_483_648],
  ])('reads %s as %d bytes', (text, bytes) => {
    expect(parseByteSize(text)).toBe(bytes);
  });

  it('refuses what is not a size', () => {
    expect(() => parseByteSize('lots')).toThrow('not a size: lots');
  });
});
