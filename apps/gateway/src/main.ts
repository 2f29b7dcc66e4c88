import 'reflect-metadata';
import { configFromEnv } from '@onescale/platform';
import { bootGateway } from './boot-gateway';
import { GatewayConfig } from './gateway.config';

async function main(): Promise<void> {
  await bootGateway(configFromEnv(GatewayConfig, 'gateway'));
}

void main();
