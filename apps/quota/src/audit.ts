import 'reflect-metadata';
import { IsInt, IsString, IsUrl, Max, Min, MinLength } from 'class-validator';
import { Type } from 'class-transformer';
import { AppendLog, configFromEnv, connectMongo, type LogEntry } from '@onescale/platform';
import { logAuditSource, fetchRecount } from './audit/audit-source';
import { audit } from './audit/drift';
import type { CounterDoc } from './counters/counter-doc';

/**
 * `npm run audit -- quota [rootGroupId…]`: quota's gauge counters against ingest's live recount, for
 * every root group quota counts (or only those named); exit 1 on drift.
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
    const source = logAuditSource(log, (root) => fetchRecount(config.INGEST_URL, config.INTERNAL_TOKEN, root), only);
    const report = await audit(source, config.AUDIT_ATTEMPTS);
    for (const d of report.drift) {
      console.log(`DRIFT ${d.rootGroupId} ${d.metric}: counter ${d.counter}, recount ${d.recount ?? 'group unknown to ingest'}`);
    }
    console.log(`quota audit: ${report.checked} root group(s) checked, ${report.drift.length} drifting counter(s)`);
    return report.drift.length === 0 ? 0 : 1;
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
