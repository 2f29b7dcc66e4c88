import { Injectable, type OnModuleInit } from '@nestjs/common';
import { READY_ROUTE, type ReadyAnswer } from '@onescale/ontology';
import { InternalCallError, ReadinessRegistry } from '@onescale/platform';
import { Upstreams } from './upstreams';

/** What the app said is down, e.g. `: consumer metrics.projector: consumer not running: crashed: …`. */
const reasons = (answer: unknown): string => {
  const down = Object.entries((answer as ReadyAnswer | undefined)?.checks ?? {}).filter(([, check]) => check.status !== 'up');
  return down.length === 0 ? '' : `: ${down.map(([name, check]) => `${name}: ${check.error ?? check.status}`).join('; ')}`;
};

/** The gateway is ready when its own dependencies are and every app behind it answers /ready. */
@Injectable()
export class UpstreamReadiness implements OnModuleInit {
  constructor(
    private readonly readiness: ReadinessRegistry,
    private readonly upstreams: Upstreams,
  ) {}

  onModuleInit(): void {
    for (const { app, internal } of this.upstreams.all()) {
      this.readiness.register(app, async () => {
        await internal.call(READY_ROUTE, { timeoutMs: 2500 }).catch((error: unknown) => {
          if (!(error instanceof InternalCallError) || error.facts.status === undefined) throw error;
          throw new Error(`${app} /ready answered ${error.facts.status}${reasons(error.facts.answer)}`);
        });
      });
    }
  }
}
