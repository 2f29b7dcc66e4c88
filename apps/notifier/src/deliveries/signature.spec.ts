import { createHmac } from 'node:crypto';
import { signature } from './signature';

describe('signature', () => {
  it('signs "t.body" with the secret, as a receiver recomputes it', () => {
    const body = '{"id":"d1","type":"quota_threshold_crossed"}';
    const header = signature('whsec_0123456789abcdef', body, 1_700_000_000);
    const [t, v1] = header.split(',').map((part) => part.split('=')[1]);
    expect(t).toBe('1700000000');
    expect(v1).toBe(createHmac('sha256', 'whsec_0123456789abcdef').update(`1700000000.${body}`).digest('hex'));
  });

  it('changes with the body, the time and the secret', () => {
    const base = signature('secret-one-0123456', 'a', 1);
    expect(signature('secret-one-0123456', 'b', 1)).not.toBe(base);
    expect(signature('secret-one-0123456', 'a', 2)).not.toBe(base);
    expect(signature('secret-two-0123456', 'a', 1)).not.toBe(base);
  });
});
