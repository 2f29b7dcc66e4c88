import { Command, CommanderError, Option } from 'commander';
import { archiveCommand } from './commands/archive.command';
import { importCommand } from './commands/import.command';
import { infraCommand } from './commands/infra.command';
import { metricsCommand } from './commands/metrics.command';
import { quotasCommand } from './commands/quotas.command';
import { webhooksCommand } from './commands/webhooks.command';
import { CliError, EXIT, EXIT_HELP, type ExitCode } from './exit-codes';
import { takeOutcome } from './outcome';
import { printJson } from './output';
import { DEFAULT_URL } from './settings';

/** The `onescale` program; every command and sub-command has --help. */
export function program(root: string): Command {
  const cli = new Command('onescale')
    .description('onescale from the command line: bulk imports, quotas, metrics, archival, webhooks and local infrastructure')
    .version(require(`${root}/package.json`).version as string)
    .addOption(new Option('--url <url>', `the gateway (default ${DEFAULT_URL})`).env('ONESCALE_URL'))
    .addOption(new Option('--key <key>', 'an API key of the group, or the platform admin key').env('ONESCALE_API_KEY'))
    .option('--json', 'print one JSON document on stdout (for scripts); progress and logs go to stderr')
    .addHelpText('after', EXIT_HELP)
    .showHelpAfterError('(add --help for usage)')
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(text) });
  for (const command of [importCommand(), quotasCommand(), metricsCommand(), archiveCommand(), webhooksCommand(), infraCommand(root)]) {
    cli.addCommand(command.exitOverride().showHelpAfterError('(add --help for usage)'));
    for (const sub of command.commands) sub.exitOverride().showHelpAfterError('(add --help for usage)');
  }
  return cli;
}

/** Runs the CLI and answers its exit code (see EXIT_HELP); never throws. */
export async function run(argv: readonly string[], { root }: { root: string }): Promise<ExitCode> {
  const json = argv.includes('--json');
  try {
    await program(root).parseAsync([...argv]);
    return takeOutcome();
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end through here too, with exit code 0
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (error instanceof CliError) {
      if (json) printJson({ error: { message: error.message, exitCode: error.exitCode, ...error.details } });
      process.stderr.write(`onescale: ${error.message}\n`);
      return error.exitCode;
    }
    process.stderr.write(`onescale: unexpected failure: ${(error as Error)?.stack ?? String(error)}\n`);
    return EXIT.failure;
  }
}
