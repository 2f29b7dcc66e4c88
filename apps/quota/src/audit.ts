import 'reflect-metadata';
import { effectiveLimits, type LimitOverrides } from '@onescale/ontology';
import { IsInt, IsString, IsUrl, Max, Min, MinLength } from 'class-validator';
import { Type } from 'class-transformer';
import { AppendLog, configFromEnv, connectMongo, InternalClient, type LogEntry } from '@onescale/platform';
import { ingestRecount, logAuditSource } from './audit/audit-source';
import { audit } from './audit/drift';
import type { CounterDoc } from './counters/counter-doc';
import type { GroupRecord } from './groups/group-directory';

/**
 * `npm run audit -- quota [rootGroupId…]`: quota's gauge counters against ingest's live recount, and
 * every counter against its root's hard limits (plan and overrides), for every root group quota counts (or only those
 * named); exit 1 on drift or a counter over its limit.
 */
class AuditConfig {
  @IsString()
  MONGODB_URI!: string;

  @IsString()
  MONGODB_DB: string = 'onescale_quota';

  @IsUrl({ require_tld: false, require_protocol: true })
  INGEST_URL: string = 'http://127.0.0.1:3001';

  @IsString()
  @MinLength(16)
  INTERNAL_TOKEN!: string;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(20)
  AUDIT_ATTEMPTS: number = 3;
}

async function main(): Promise<number> {
  const config = configFromEnv(AuditConfig, 'quota-audit');
  const connection = await connectMongo(config.MONGODB_URI, config.MONGODB_DB);
  try {
    const log = new AppendLog<CounterDoc>(connection.db!.collection<LogEntry<CounterDoc>>('counters'));
    const only = process.argv.slice(2).filter((a) => !a.startsWith('-'));
    const groups = connection.db!.collection<GroupRecord>('groups');
    const overrides = connection.db!.collection<{ _id: string; limits: LimitOverrides }>('limit_overrides');
    const limitsOf = async (root: string) => {
      const plan = (await groups.findOne({ _id: root }))?.plan;
      if (plan === undefined) return null;
      return { plan, limits: effectiveLimits(plan, (await overrides.findOne({ _id: root }))?.limits) };
    };
    const ingest = new InternalClient({ app: 'ingest', baseUrl: config.INGEST_URL, token: config.INTERNAL_TOKEN, timeoutMs: 10_000 });
    const source = logAuditSource(log, ingestRecount(ingest), limitsOf, only);
    const report = await audit(source, config.AUDIT_ATTEMPTS);
    for (const d of report.drift) {
      console.log(`DRIFT ${d.rootGroupId} ${d.metric}: counter ${d.counter}, recount ${d.recount ?? 'group unknown to ingest'}`);
    }
    for (const o of report.overLimit) {
      console.log(`OVER LIMIT ${o.rootGroupId} ${o.metric}: counter ${o.counter}, limit ${o.limit} (${o.plan})`);
    }
    console.log(
      `quota audit: ${report.checked} root group(s) checked, ${report.drift.length} drifting counter(s), ${report.overLimit.length} counter(s) over their root's limit`,
    );
    return report.drift.length === 0 && report.overLimit.length === 0 ? 0 : 1;
  } finally {
    await connection.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(`quota audit failed: ${error.message}`);
    process.exit(2);
  },
);
