import { EventEmitter } from 'node:events';
import type { Response } from 'express';
import type { GatewayConfig } from '../gateway.config';
import { WriteSlots } from './write-slots';

const response = () => new EventEmitter() as unknown as Response;

describe('WriteSlots', () => {
  const slots = () => new WriteSlots({ MAX_WRITES_IN_FLIGHT: 4 } as GatewayConfig);

  it('gives a key four slots and refuses the fifth until one response is done', () => {
    const writes = slots();
    const held = Array.from({ length: 4 }, () => response());
    expect(held.map((res) => writes.take('k1', res))).toEqual([true, true, true, true]);
    expect(writes.take('k1', response())).toBe(false);
    held[0]!.emit('close');
    expect(writes.take('k1', response())).toBe(true);
  });

  it('counts each key on its own', () => {
    const writes = slots();
    for (let i = 0; i < 4; i++) writes.take('k1', response());
    expect(writes.take('k2', response())).toBe(true);
  });

  it('answers a busy key with 429 and Retry-After', () => {
    expect(slots().busy()).toMatchObject({ status: 429, code: 'too_many_writes_in_flight', headers: { 'Retry-After': '1' } });
  });
});
