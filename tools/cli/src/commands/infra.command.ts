import { join } from 'node:path';
import { Command } from 'commander';
import { EXIT } from '../exit-codes';
import { setOutcome } from '../outcome';
import { line, printJson, table } from '../output';
import { settingsOf, type GlobalOptions } from '../settings';

/** tools/infra (plain Node): provisions and runs Kafka, FerretDB and versitygw on loopback. */
interface Infra {
  up(options?: { log?: (line: string) => void }): Promise<{ env: Record<string, string> }>;
  down(options?: { log?: (line: string) => void }): Promise<void>;
  status(): Promise<{ name: string; state: string; label?: string; version?: string; port?: number; endpoint?: string; pid?: number }[]>;
}

const load = (root: string): Infra => {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  return require(join(root, 'tools', 'infra')) as Infra;
};
const json = (cmd: Command): boolean => settingsOf(cmd.optsWithGlobals<GlobalOptions>()).json;

export const infraCommand = (root: string): Command =>
  new Command('infra')
    .description('local infrastructure (Kafka, FerretDB, S3) for development and tests')
    .addCommand(
      new Command('up').description('provision (first time: minutes) and start the servers').action(async function (this: Command) {
        const quiet = json(this);
        const { env } = await load(root).up({ log: (l) => process.stderr.write(`${l}\n`) });
        const visible = Object.fromEntries(Object.entries(env).filter(([k]) => !/SECRET/.test(k)));
        if (quiet) return printJson(visible);
        for (const [k, v] of Object.entries(visible)) line(`  ${k}=${v}`);
      }),
    )
    .addCommand(
      new Command('down').description('stop the servers (their data is kept)').action(async function (this: Command) {
        await load(root).down({ log: (l) => process.stderr.write(`${l}\n`) });
        if (json(this)) printJson({ stopped: true });
      }),
    )
    .addCommand(
      new Command('status').description('state of each server; exits 3 when one is not ready').action(async function (this: Command) {
        const rows = await load(root).status();
        if (rows.some((r) => r.state !== 'ready' && r.state !== 'external')) setOutcome(EXIT.partial);
        if (json(this)) return printJson(rows);
        const shown = rows.map((r) => [
          r.name,
          r.state,
          `${r.label ?? ''} ${r.version ?? ''}`.trim(),
          r.endpoint ?? (r.port ? `127.0.0.1:${r.port}` : ''),
          r.pid ? `pid ${r.pid}` : '',
        ]);
        for (const row of table(shown)) line(row);
      }),
    );
