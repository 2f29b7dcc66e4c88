import { ConsumerHealth } from './consumer-health';

describe('ConsumerHealth', () => {
  let now = 0;
  const health = (): ConsumerHealth => new ConsumerHealth(() => now, 60_000);
  beforeEach(() => (now = 1_000_000));

  it('is not ready before it started and after a crash, with the reason', () => {
    const h = health();
    expect(h.problem()).toBe('consumer not running: not started');
    h.started();
    expect(h.problem()).toBeNull();
    h.stopped('crashed: The coordinator is not aware of this member');
    expect(h.problem()).toBe('consumer not running: crashed: The coordinator is not aware of this member');
  });

  it('is stalled when records wait on its partitions and nothing was committed for longer than the limit', () => {
    const h = health();
    h.started();
    h.assigned([
      { topic: 't', partition: 0 },
      { topic: 't', partition: 2 },
    ]);
    h.sampled('t', 2, 11_089);
    now += 60_000;
    expect(h.problem()).toBeNull();
    now += 1_000;
    expect(h.problem()).toBe('consumer stalled: 11089 records waiting and nothing committed for 61 s');
    h.moved();
    expect(h.problem()).toBeNull();
  });

  it('counts a caught-up member as moving, so new records after a quiet hour are not a stall', () => {
    const h = health();
    h.started();
    h.assigned([{ topic: 't', partition: 0 }]);
    now += 3_600_000;
    h.sampled('t', 0, 0);
    h.sampled('t', 0, 500);
    expect(h.problem()).toBeNull();
  });

  it('ignores lag of partitions not assigned to it and forgets lost ones on a new assignment', () => {
    const h = health();
    h.started();
    h.assigned([{ topic: 't', partition: 0 }]);
    h.sampled('t', 1, 700);
    expect(h.waiting()).toBe(0);
    h.sampled('t', 0, 5);
    h.assigned([{ topic: 'u.v', partition: 3 }]);
    expect(h.waiting()).toBe(0);
    expect(h.assignment()).toEqual([{ topic: 'u.v', partition: 3 }]);
  });

  it('consumes a partition while it runs and the group gave it the partition', () => {
    const h = health();
    h.assigned([{ topic: 't', partition: 1 }]);
    expect(h.consumes('t', 1)).toBe(false); // not started
    h.started();
    expect(h.consumes('t', 1)).toBe(true);
    expect(h.consumes('t', 0)).toBe(false);
    expect(h.consumes('u', 1)).toBe(false);
    h.stopped('crashed');
    expect(h.consumes('t', 1)).toBe(false);
    h.started();
    h.assigned([{ topic: 't', partition: 0 }]);
    expect(h.consumes('t', 1)).toBe(false);
  });
});
