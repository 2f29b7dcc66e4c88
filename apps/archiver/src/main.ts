import 'reflect-metadata';
import { bootHttpApp, configFromEnv } from '@onescale/platform';
import { ArchiverConfig } from './archiver.config';
import { ArchiverModule } from './archiver.module';

async function main(): Promise<void> {
  const config = configFromEnv(ArchiverConfig, 'archiver');
  await bootHttpApp(ArchiverModule.register(config), { name: 'archiver', port: config.PORT, internalToken: config.INTERNAL_TOKEN, bodyLimit: '1mb' });
}

void main();
