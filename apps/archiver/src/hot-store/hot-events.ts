import type { Provider } from '@nestjs/common';
import type { Connection } from 'mongoose';
import { DayLedger, HOT_EVENTS, HotEventStore, MONGO, hotStoreDb } from '@onescale/platform';
import { ArchiverConfig } from '../archiver.config';

/** The hot store's database on the same server (same connection pool), where metrics appends. */
const hotDb = (connection: Connection, config: ArchiverConfig) => hotStoreDb(connection, config.HOT_STORE_DB);

/**
 * The hot event store and its day ledger, through libs/platform's module (the only code that knows
 * their collections): the archiver reads a day, deletes archived ids, drops a sealed day, and reads
 * the ledger.
 */
export const hotStoreProviders: Provider[] = [
  {
    provide: HotEventStore,
    inject: [MONGO, ArchiverConfig],
    useFactory: (c: Connection, config: ArchiverConfig) => new HotEventStore(hotDb(c, config), HOT_EVENTS),
  },
  {
    provide: DayLedger,
    inject: [MONGO, ArchiverConfig],
    useFactory: (c: Connection, config: ArchiverConfig) => DayLedger.of(hotDb(c, config)),
  },
];
