import 'reflect-metadata';
import { bootHttpApp, configFromEnv } from '@onescale/platform';
import { GatewayConfig } from './gateway.config';
import { GatewayModule } from './gateway.module';

async function main(): Promise<void> {
  const config = configFromEnv(GatewayConfig, 'gateway');
  await bootHttpApp(GatewayModule.register(config), { name: 'gateway', port: config.PORT, bodyLimit: '1mb' });
}

void main();
