import { setTimeout as sleep } from 'node:timers/promises';

export interface Answer<T = any> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
}

/** One attempt's outcome as the client saw it: an HTTP answer, or no answer at all (connection refused or reset). */
export interface Attempt {
  readonly status: number | 'no_answer';
  readonly code?: string;
  readonly retryAfter: string | null;
}

const RETRYABLE = new Set([409, 429, 502, 503, 504]);

/**
 * A client of the public API, as a careful user writes one: every write carries an Idempotency-Key
 * and is retried with the same key until it is answered 2xx (honouring Retry-After). It keeps every
 * attempt, so a drill can check how failures were reported.
 */
export class GatewayClient {
  readonly attempts: Attempt[] = [];
  /** Requests sent and not answered yet. */
  inFlight = 0;

  constructor(
    readonly baseUrl: string,
    private readonly key: string,
  ) {}

  /** Requests that reached the gateway and were answered (what the gateway meters as api calls). */
  get answered(): number {
    return this.attempts.filter((a) => a.status !== 'no_answer').length;
  }

  async call<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer<T>> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(180000),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON
    }
    return { status: response.status, headers: response.headers, body: parsed as T };
  }

  /** Sends until a 2xx answer; retryable failures (no answer, 409 in progress, 429, 5xx) wait and retry with the same key. */
  async untilOk<T = any>(method: string, path: string, body: unknown, idempotencyKey: string, deadlineMs = 300000): Promise<Answer<T>> {
    const deadline = Date.now() + deadlineMs;
    for (let attempt = 1; ; attempt++) {
      let answer: Answer<T> | null = null;
      this.inFlight++;
      try {
        answer = await this.call<T>(method, path, body, { 'idempotency-key': idempotencyKey });
      } catch {
        this.attempts.push({ status: 'no_answer', retryAfter: null });
      } finally {
        this.inFlight--;
      }
      if (answer) {
        const retryAfter = answer.headers.get('retry-after');
        this.attempts.push({ status: answer.status, code: (answer.body as { code?: string } | undefined)?.code, retryAfter });
        if (answer.status >= 200 && answer.status < 300) return answer;
        if (!RETRYABLE.has(answer.status) && answer.status < 500) {
          throw new Error(`${method} ${path} answered ${answer.status}: ${JSON.stringify(answer.body).slice(0, 300)}`);
        }
      }
      if (Date.now() > deadline) throw new Error(`${method} ${path} was not accepted within ${deadlineMs / 1000} s (${attempt} attempts)`);
      const hinted = Number(answer?.headers.get('retry-after'));
      await sleep(Number.isFinite(hinted) && hinted > 0 ? Math.min(hinted, 5) * 1000 : 500);
    }
  }
}

/** Creates a group with the platform admin key; answers the group and its first admin key. */
export async function createGroup(
  gatewayUrl: string,
  adminKey: string,
  name: string,
  type = 'business',
): Promise<{ groupId: string; key: string; client: GatewayClient }> {
  const admin = new GatewayClient(gatewayUrl, adminKey);
  const slug = `${name}-${Date.now().toString(36)}`;
  const answer = await admin.untilOk('POST', '/v1/groups', { name, slug, type }, `create-${slug}`);
  const groupId = answer.body.group.id as string;
  const key = answer.body.apiKey.key as string;
  return { groupId, key, client: new GatewayClient(gatewayUrl, key) };
}
