import { currentCursor, firstPage, nextPage, pageRange, previousPage } from './cursor-pages';
import { gaugeArc, overallTone, toneOf } from './levels';
import { weekTrend } from './trend';

describe('gaugeArc', () => {
  it('draws nothing at 0%, a quarter circle at 50% and the full half circle at 100% and beyond', () => {
    expect(gaugeArc(0)).toBe('');
    expect(gaugeArc(50)).toBe('M 10 60 A 50 50 0 0 1 60 10');
    expect(gaugeArc(100)).toBe('M 10 60 A 50 50 0 0 1 110 60');
    expect(gaugeArc(250)).toBe(gaugeArc(100));
  });
});

describe('tones', () => {
  it('maps quota levels and the overall status, and anything else to neutral', () => {
    expect([toneOf('critical'), toneOf('unlimited'), overallTone('healthy'), overallTone('exceeded')]).toEqual([
      'critical',
      'neutral',
      'ok',
      'exceeded',
    ]);
  });
});

describe('weekTrend', () => {
  it('compares with the week before, and says so when there is nothing to compare with', () => {
    expect(weekTrend(150, 100)).toEqual({ direction: 'up', percent: 50, text: '+50% on the week before' });
    expect(weekTrend(50, 100)).toMatchObject({ direction: 'down', percent: -50 });
    expect(weekTrend(5, 0)).toEqual({ direction: 'up', percent: null, text: 'Up from none the week before' });
    expect(weekTrend(0, 0).direction).toBe('flat');
  });
});

describe('cursor pages', () => {
  it('goes forward with the server cursor and back through the ones seen', () => {
    const second = nextPage(firstPage, 'c1');
    const third = nextPage(second, 'c2');
    expect([currentCursor(firstPage), currentCursor(second), currentCursor(third)]).toEqual([null, 'c1', 'c2']);
    expect(previousPage(third)).toEqual({ cursors: [null, 'c1', 'c2'], index: 1 });
    expect(nextPage(previousPage(third), 'c2b').cursors).toEqual([null, 'c1', 'c2b']);
    expect(nextPage(third, null)).toBe(third);
  });

  it('names the range shown', () => {
    expect([pageRange(1, 20, 20, 95), pageRange(0, 20, 0, 0), pageRange(2, 10, 3)]).toEqual(['21–40 of 95', 'none', '21–23']);
  });
});
