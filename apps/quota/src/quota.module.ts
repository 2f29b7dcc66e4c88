import { Module, type DynamicModule } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { InfrastructureShutdown, PlatformModule, kafkaProvider, mongoProvider, publisherProvider } from '@onescale/platform';
import { ThresholdAlerts } from './alerts/threshold-alerts';
import { CounterMaintenance } from './counters/counter-maintenance';
import { CounterStore } from './counters/counter-store';
import { GroupDirectory } from './groups/group-directory';
import { GroupsConsumer } from './groups/groups.consumer';
import { LimitOverridesRepository } from './limits/limit-overrides.repository';
import { LimitsController } from './limits/limits.controller';
import { QuotaConfig } from './quota.config';
import { QuotaReader } from './quotas/quota-reader';
import { QuotasController } from './quotas/quotas.controller';
import { UsageHistoryController } from './quotas/usage-history.controller';
import { UsageRecorder } from './quotas/usage-recorder';
import { InternalController } from './reservations/internal.controller';
import { Reservations } from './reservations/reservations';
import { AppliedUsage } from './usage/applied-usage.repository';
import { UsageConsumer } from './usage/usage.consumer';

@Module({})
export class QuotaModule {
  static register(config: QuotaConfig): DynamicModule {
    return {
      module: QuotaModule,
      imports: [PlatformModule.forApp({ name: 'quota', logLevel: config.LOG_LEVEL }), ScheduleModule.forRoot()],
      controllers: [QuotasController, UsageHistoryController, LimitsController, InternalController, UsageConsumer, GroupsConsumer],
      providers: [
        { provide: QuotaConfig, useValue: config },
        kafkaProvider('onescale-quota', () => config),
        mongoProvider(
          () => config.MONGODB_URI,
          () => config.MONGODB_DB,
        ),
        publisherProvider('quota'),
        CounterStore,
        CounterMaintenance,
        AppliedUsage,
        GroupDirectory,
        LimitOverridesRepository,
        ThresholdAlerts,
        Reservations,
        QuotaReader,
        UsageRecorder,
        InfrastructureShutdown,
      ],
    };
  }
}
