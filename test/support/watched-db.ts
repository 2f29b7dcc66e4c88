import { randomUUID } from 'node:crypto';
import type { CommandStartedEvent } from 'mongodb';
import mongoose, { type Connection } from 'mongoose';
import { testEnv } from './env';

/** A fresh database of its own on the test server, and every command sent to it, as the driver reports them. */
export interface WatchedDb {
  readonly connection: Connection;
  readonly commands: CommandStartedEvent[];
  /** The collections the find, aggregate and getMore commands `work` sent named. */
  collectionsRead(work: () => Promise<unknown>): Promise<Set<string>>;
  /** Drops the database and closes the connection. */
  close(): Promise<void>;
}

export async function watchedDb(prefix: string): Promise<WatchedDb> {
  const connection = await mongoose
    .createConnection(testEnv.mongoUri, { dbName: `${prefix}_${randomUUID().slice(0, 8)}`, monitorCommands: true })
    .asPromise();
  const commands: CommandStartedEvent[] = [];
  connection.getClient().on('commandStarted', (c) => commands.push(c));
  return {
    connection,
    commands,
    async collectionsRead(work) {
      commands.length = 0;
      await work();
      const reads = commands.filter((c) => ['find', 'aggregate', 'getMore'].includes(c.commandName));
      return new Set(reads.map((c) => String(c.command[c.commandName === 'getMore' ? 'collection' : c.commandName])));
    },
    async close() {
      await connection.dropDatabase();
      await connection.close();
    },
  };
}
