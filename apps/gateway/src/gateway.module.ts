import { Module, RequestMethod, type DynamicModule, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { InfrastructureShutdown, PlatformModule, kafkaProvider, mongoProvider, publisherProvider } from '@onescale/platform';
import { AccessGuard } from './auth/access.guard';
import { ApiKeyRepository } from './auth/api-key.repository';
import { ApiKeysController } from './auth/api-keys.controller';
import { ApiKeys } from './auth/api-keys.service';
import { GatewayConfig } from './gateway.config';
import { CreateGroupController } from './groups/create-group.controller';
import { ApiCallMeter } from './metering/api-call-meter';
import { ApiCallQuota } from './metering/api-call-quota';
import { UsageFlusher } from './metering/usage-flusher';
import { ProxyService } from './proxy/proxy.service';
import { WriteSlots } from './proxy/write-slots';
import { UpstreamReadiness } from './proxy/upstream-readiness';
import { Upstreams } from './proxy/upstreams';
import { RateLimiter } from './rate-limits/rate-limiter';
import { RateWindowsRepository } from './rate-limits/rate-windows.repository';
import { proxyControllers } from './routes/proxy-controllers';
import { ROUTES } from './routes/route-table';
import { smallJson } from './routes/small-json.middleware';
import { GroupLineage } from './tenancy/group-lineage';

@Module({})
export class GatewayModule implements NestModule {
  static register(config: GatewayConfig): DynamicModule {
    return {
      module: GatewayModule,
      imports: [PlatformModule.forApp({ name: 'gateway', logLevel: config.LOG_LEVEL })],
      controllers: [CreateGroupController, ApiKeysController, ...proxyControllers()],
      providers: [
        { provide: GatewayConfig, useValue: config },
        kafkaProvider(config.KAFKA_CLIENT_ID ?? 'onescale-gateway', () => config),
        mongoProvider(
          () => config.MONGODB_URI,
          () => config.MONGODB_DB,
        ),
        publisherProvider('gateway'),
        { provide: ApiCallMeter, useFactory: () => new ApiCallMeter(Date.now, config.QUOTA_CACHE_MS) },
        ApiKeyRepository,
        ApiKeys,
        Upstreams,
        UpstreamReadiness,
        ProxyService,
        WriteSlots,
        GroupLineage,
        ApiCallQuota,
        UsageFlusher,
        RateWindowsRepository,
        RateLimiter,
        AccessGuard,
        InfrastructureShutdown,
      ],
    };
  }

  /** Only the routes whose body the gateway must read get a (small) JSON body; everything else streams. */
  configure(consumer: MiddlewareConsumer): void {
    const routes = ROUTES.filter((r) => r.parsesBody).map((r) => ({ path: r.path.replace(/^\//, ''), method: RequestMethod[r.method] }));
    consumer.apply(smallJson).forRoutes(...routes);
  }
}
