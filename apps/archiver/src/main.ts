import 'reflect-metadata';
import { bootHttpApp, configFromEnv } from '@onescale/platform';
import { ArchiverConfig } from './archiver.config';
import { ArchiverModule } from './archiver.module';
import { runOnce } from './once';

/**
 * As a service: HTTP routes plus the daily schedule. With `--once`: one pass, then exit 0 when every
 * group succeeded and 1 otherwise (for a Kubernetes CronJob with concurrencyPolicy Forbid).
 */
async function main(): Promise<void> {
  const config = configFromEnv(ArchiverConfig, 'archiver');
  if (process.argv.includes('--once')) {
    process.exit(await runOnce(config));
  }
  await bootHttpApp(ArchiverModule.register(config), {
    name: 'archiver',
    port: config.PORT,
    internalToken: config.INTERNAL_TOKEN,
    bodyLimit: '1mb',
  });
}

void main();
