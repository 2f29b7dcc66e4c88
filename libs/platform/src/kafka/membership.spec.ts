import { membershipLost } from './membership';

const protocolError = (type: string): Error & { type: string } => Object.assign(new Error(type), { type });

describe('membershipLost', () => {
  it('finds the broker answer behind kafkajs retry wrappers', () => {
    const original = protocolError('UNKNOWN_MEMBER_ID');
    const wrapped = Object.assign(new Error('The coordinator is not aware of this member'), {
      name: 'KafkaJSNonRetriableError',
      cause: original,
    });
    expect(membershipLost(wrapped)).toBe(original);
    expect(membershipLost(Object.assign(new Error('x'), { originalError: protocolError('REBALANCE_IN_PROGRESS') }))?.type).toBe(
      'REBALANCE_IN_PROGRESS',
    );
    expect(membershipLost(protocolError('ILLEGAL_GENERATION'))?.type).toBe('ILLEGAL_GENERATION');
  });

  it('answers null for other failures, also for a cycle of causes', () => {
    const looped: Error & { cause?: unknown } = new Error('loop');
    looped.cause = looped;
    expect(membershipLost(looped)).toBeNull();
    expect(membershipLost(protocolError('REQUEST_TIMED_OUT'))).toBeNull();
    expect(membershipLost('text')).toBeNull();
  });
});
