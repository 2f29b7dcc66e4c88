import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  BYTES_PER_GB,
  callsHistory,
  periodStartFor,
  gaugeHistory,
  historyPeriods,
  round2,
  type HistoryGranularity,
  type HistoryItem,
} from '@onescale/ontology';
import { UsageHistoryQueryDto, type UsageHistoryDto } from '@onescale/api';
import { problemToException } from '@onescale/platform';
import { counterKey } from '../counters/counter-doc';
import { CounterStore } from '../counters/counter-store';
import { QuotaReader } from './quota-reader';
import { usageMetricOf } from './request-metric';

/** Usage per UTC day or calendar month, past periods included, read from the counters' own day records. */
@ApiTags('quotas')
@Controller()
export class UsageHistoryController {
  constructor(
    private readonly reader: QuotaReader,
    private readonly counters: CounterStore,
  ) {}

  @Get('v1/groups/:groupId/usage/history')
  async history(@Param('groupId') groupId: string, @Query() query: UsageHistoryQueryDto): Promise<UsageHistoryDto> {
    const granularity: HistoryGranularity = query.granularity ?? 'day';
    const now = Date.now();
    const periods = historyPeriods(granularity, now, query.from, query.to);
    if (!periods.ok) throw problemToException(periods.problem);
    const ctx = await this.reader.context(groupId);
    const metric = usageMetricOf(query.metric);
    const counter = (periodStart: number) => this.counters.read(counterKey(ctx.rootGroupId, metric, periodStart));
    let items: HistoryItem[];
    if (metric === 'api_calls_per_month') {
      const months = new Map<number, Awaited<ReturnType<typeof counter>>>();
      for (const start of new Set(periods.value.map((p) => periodStartFor(metric, p)))) months.set(start, await counter(start));
      items = callsHistory(granularity, periods.value, (start) => {
        const doc = months.get(start)!;
        return { used: doc.used, days: doc.days ?? {} };
      });
    } else {
      const doc = await counter(periodStartFor(metric, now));
      items = gaugeHistory(granularity, periods.value, doc.days ?? {}, doc.used, now);
    }
    if (query.metric === 'storage_gb') items = items.map((i) => ({ ...i, value: round2(i.value / BYTES_PER_GB) }));
    return { metric: query.metric, granularity, items };
  }
}
