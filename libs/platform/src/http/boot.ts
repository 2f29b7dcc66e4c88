import { Logger as NestLogger, type DynamicModule, type INestApplication, type Type } from '@nestjs/common';
import { NestFactory, Reflector } from '@nestjs/core';
import type { CustomTransportStrategy } from '@nestjs/microservices';
import { Logger } from 'nestjs-pino';
import { bodyErrors, jsonBody } from './body-parsing';
import { metricsRegistry } from '../observability/metrics';
import { httpMetrics } from './http-metrics.middleware';
import { InternalTokenGuard } from './internal-token.guard';
import { ProblemDetailsFilter } from './problem-details.filter';
import { ReadinessRegistry } from './readiness';
import { limitSlowClients } from './slow-clients';
import { TransientReadRetry } from './transient-read-retry';
import { validationPipe } from './validation';

export interface BootOptions {
  readonly name: string;
  readonly port: number;
  readonly host?: string;
  /**
   * Largest accepted JSON body, e.g. '64mb'. `false` installs no global JSON parser: the gateway
   * streams proxied bodies untouched and parses JSON only on the few routes it serves itself.
   */
  readonly bodyLimit?: string | false;
  /** When set, every route but the public ones requires the internal credential. */
  readonly internalToken?: string;
  readonly transports?: readonly CustomTransportStrategy[];
  readonly configure?: (app: INestApplication) => void | Promise<void>;
}

/** A transport that can tell whether it works (a Kafka consumer: running, not stalled). */
interface ReadinessSource {
  readonly readinessName: string;
  checkReady(): Promise<void>;
}

const hasReadiness = (strategy: object): strategy is ReadinessSource =>
  typeof (strategy as Partial<ReadinessSource>).checkReady === 'function' &&
  typeof (strategy as Partial<ReadinessSource>).readinessName === 'string';

/** Boots one app as its own process: logs, body limits, problem details, validation, probes. */
export async function bootHttpApp(module: Type<unknown> | DynamicModule, options: BootOptions): Promise<INestApplication> {
  // Every series carries the app's name, so alerts and dashboards can tell apps apart whatever the scrape config.
  metricsRegistry.setDefaultLabels({ app: options.name });
  const app = await NestFactory.create(module, { bodyParser: false, bufferLogs: true });
  limitSlowClients(app.getHttpServer());
  app.useLogger(app.get(Logger));
  app.use(httpMetrics);
  if (options.bodyLimit !== false) app.use(...jsonBody(options.bodyLimit ?? '1mb'));
  app.use(bodyErrors);
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.useGlobalPipes(validationPipe());
  app.useGlobalInterceptors(new TransientReadRetry());
  if (options.internalToken) app.useGlobalGuards(new InternalTokenGuard(options.internalToken, app.get(Reflector)));
  app.enableShutdownHooks();
  await options.configure?.(app);
  const readiness = app.get(ReadinessRegistry);
  for (const strategy of options.transports ?? []) {
    app.connectMicroservice({ strategy }, { inheritAppConfig: true });
    if (hasReadiness(strategy)) readiness.register(strategy.readinessName, () => strategy.checkReady());
  }
  await app.startAllMicroservices();
  await app.listen(options.port, options.host ?? '0.0.0.0');
  new NestLogger(options.name).log(`${options.name} listening on port ${options.port}`);
  process.on('unhandledRejection', (reason) => new NestLogger(options.name).error({ msg: 'unhandled rejection', reason }));
  return app;
}
