import { ProblemException } from '@onescale/platform';
import type { Admission } from './api-call-meter';

/**
 * Api-call quota headers on every response to a group key: the monthly limit, what remains after
 * this request, and when the count starts over (epoch milliseconds, like every time in the API).
 */
export function quotaHeaders(admission: Admission): Record<string, string> {
  if (!admission.admitted || !admission.quota) return {};
  const { limit, remaining, resetAt } = admission.quota;
  return {
    'x-quota-limit': limit === null ? 'unlimited' : String(limit),
    'x-quota-remaining': remaining === null ? 'unlimited' : String(remaining),
    'x-quota-reset': String(resetAt),
  };
}

export function quotaRefused(admission: Extract<Admission, { admitted: false }>): ProblemException {
  return new ProblemException(
    429,
    'quota_exceeded',
    `api_calls_per_month limit of ${admission.limit} reached; the count starts over at ${new Date(admission.resetAt).toISOString()}. Upgrade the plan for more.`,
    undefined,
    { metric: 'api_calls_per_month', limit: admission.limit, resetAt: admission.resetAt },
    {
      'retry-after': String(admission.retryAfterSeconds),
      'x-quota-limit': String(admission.limit),
      'x-quota-remaining': '0',
      'x-quota-reset': String(admission.resetAt),
    },
  );
}
