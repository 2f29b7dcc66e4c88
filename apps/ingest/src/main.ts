import 'reflect-metadata';
import { bootHttpApp, configFromEnv } from '@onescale/platform';
import { IngestConfig } from './ingest.config';
import { IngestModule } from './ingest.module';

async function main(): Promise<void> {
  const config = configFromEnv(IngestConfig, 'ingest');
  await bootHttpApp(IngestModule.register(config), {
    name: 'ingest',
    port: config.PORT,
    internalToken: config.INTERNAL_TOKEN,
    bodyLimit: config.BODY_LIMIT,
  });
}

void main();
