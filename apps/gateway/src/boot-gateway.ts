import type { INestApplication } from '@nestjs/common';
import { bootHttpApp } from '@onescale/platform';
import { serveDashboard } from './dashboard/serve-dashboard';
import { serveOpenApi } from './docs/openapi';
import type { GatewayConfig } from './gateway.config';
import { GatewayModule } from './gateway.module';

/** Boots the gateway: no global body parser (proxied bodies stream through), OpenAPI at /docs, the dashboard at /. */
export function bootGateway(config: GatewayConfig, host?: string): Promise<INestApplication> {
  const configure = (app: INestApplication): void => {
    serveDashboard(app);
    serveOpenApi(app);
  };
  return bootHttpApp(GatewayModule.register(config), { name: 'gateway', port: config.PORT, host, bodyLimit: false, configure });
}
