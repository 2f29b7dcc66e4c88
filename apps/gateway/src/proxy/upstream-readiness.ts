import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ReadinessRegistry } from '@onescale/platform';
import { Upstreams } from './upstreams';

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
        const { status } = await this.upstreams.json(app, 'GET', '/ready', 2500);
        if (status !== 200) throw new Error(`${app} /ready answered ${status}`);
      });
    }
  }
}
