import 'reflect-metadata';
import { bootHttpApp, configFromEnv } from '@onescale/platform';
import { QuotaConfig } from './quota.config';
import { QuotaModule } from './quota.module';

async function main(): Promise<void> {
  const config = configFromEnv(QuotaConfig, 'quota');
  await bootHttpApp(QuotaModule.register(config), { name: 'quota', port: config.PORT, internalToken: config.INTERNAL_TOKEN, bodyLimit: '1mb' });
}

void main();
