import type { Db } from 'mongodb';
import type { Connection } from 'mongoose';

/** The hot store's database beside an app database named `database`: the default of HOT_STORE_DB. */
export const hotStoreDbName = (database: string): string => `${database}_hot`;

/**
 * The hot store's database on the connection's server (same pool): `name`, or the connection's own
 * database's name with `_hot`. A database of its own is a file of its own on FerretDB/SQLite, where
 * the writes to one database wait for each other: the projector's appends run beside its read-model
 * writes instead of queueing behind them.
 */
export const hotStoreDb = (connection: Connection, name?: string): Db =>
  connection.useDb(name ?? hotStoreDbName(connection.db!.databaseName), { useCache: true }).db!;
