import 'reflect-metadata';
import { bootHttpApp, configFromEnv } from '@onescale/platform';
import { MetricsConfig } from './metrics.config';
import { MetricsModule } from './metrics.module';

async function main(): Promise<void> {
  const config = configFromEnv(MetricsConfig, 'metrics');
  await bootHttpApp(MetricsModule.register(config), { name: 'metrics', port: config.PORT, internalToken: config.INTERNAL_TOKEN, bodyLimit: '1mb' });
}

void main();
