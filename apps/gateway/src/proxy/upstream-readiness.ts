import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ReadinessRegistry } from '@onescale/platform';
import { Upstreams } from './upstreams';

interface ReadyAnswer {
  readonly checks?: Record<string, { readonly status: string; readonly error?: string }>;
}

/** What the app said is down, e.g. `: consumer metrics.projector: consumer not running: crashed: …`. */
const reasons = (answer: ReadyAnswer | undefined): string => {
  const down = Object.entries(answer?.checks ?? {}).filter(([, check]) => check.status !== 'up');
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
    for (const { app } of this.upstreams.all()) {
      this.readiness.register(app, async () => {
        const { status, body } = await this.upstreams.json<ReadyAnswer | undefined>(app, 'GET', '/ready', 2500);
        if (status !== 200) throw new Error(`${app} /ready answered ${status}${reasons(body)}`);
      });
    }
  }
}
