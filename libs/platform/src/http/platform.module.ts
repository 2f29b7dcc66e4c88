import { Global, Module, type DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { HealthController } from './health.controller';
import { ReadinessRegistry } from './readiness';

const QUIET_ROUTES = /^\/(health|ready|metrics)(\?|$)/;

/** What every app shares: structured JSON logs, /health, /ready and /metrics. */
@Global()
@Module({})
export class PlatformModule {
  static forApp(options: { readonly name: string; readonly logLevel: string }): DynamicModule {
    return {
      module: PlatformModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            level: options.logLevel,
            base: { app: options.name },
            autoLogging: { ignore: (req) => QUIET_ROUTES.test(req.url ?? '') },
            redact: ['req.headers.authorization', 'req.headers["x-onescale-internal-token"]'],
            customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
          },
        }),
      ],
      controllers: [HealthController],
      providers: [ReadinessRegistry],
      exports: [ReadinessRegistry],
    };
  }
}
