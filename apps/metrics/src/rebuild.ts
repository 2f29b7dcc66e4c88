import 'reflect-metadata';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUrl, Max, Min } from 'class-validator';
import mongoose from 'mongoose';
import { InternalClient, hotStoreDb, loadConfig } from '@onescale/platform';
import { loadComposition } from './composition';
import { rebuildAndCompare } from './rebuild/rebuild-run';

/** What `npm run rebuild -- metrics` reads from its environment. */
class RebuildConfig {
  @IsString()
  MONGODB_URI: string = 'mongodb://127.0.0.1:27017/';

  @IsString()
  MONGODB_DB: string = 'onescale_metrics';

  /** The metrics app's HOT_STORE_DB (by default MONGODB_DB with `_hot`). */
  @IsOptional()
  @IsString()
  HOT_STORE_DB?: string;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1024)
  READ_MODEL_SHARDS: number = 1;

  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true })
  ARCHIVER_URL?: string;

  @IsOptional()
  @IsString()
  INTERNAL_TOKEN?: string;

  @IsOptional()
  @IsString()
  ONTOLOGY_FILE?: string;
}

/** Rebuilds the metrics read models from archive + hot store and compares; exit 1 on any difference. */
async function main(): Promise<void> {
  const config = loadConfig(RebuildConfig);
  const connection = await mongoose.createConnection(config.MONGODB_URI, { dbName: config.MONGODB_DB, autoIndex: false }).asPromise();
  try {
    const report = await rebuildAndCompare(connection.db!, hotStoreDb(connection, config.HOT_STORE_DB), {
      composition: loadComposition(config.ONTOLOGY_FILE),
      shards: config.READ_MODEL_SHARDS,
      ...(config.ARCHIVER_URL
        ? {
            archiver: new InternalClient({
              app: 'archiver',
              baseUrl: config.ARCHIVER_URL,
              token: config.INTERNAL_TOKEN ?? '',
              timeoutMs: 60_000,
            }),
          }
        : {}),
      log: (line) => console.log(line),
    });
    console.log(report.differences.length === 0 ? 'rebuild: the read models match' : `rebuild: ${report.differences.length} difference(s)`);
    process.exitCode = report.differences.length === 0 ? 0 : 1;
  } finally {
    await connection.close();
  }
}

main().catch((error: Error) => {
  console.error(`rebuild failed: ${error.message}`);
  process.exit(2);
});
