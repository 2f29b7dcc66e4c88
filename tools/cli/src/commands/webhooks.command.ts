import { Command } from 'commander';
import { NOTIFICATION_TYPES } from '../../../../libs/ontology/src';
import { callJson, groupPath } from '../http';
import { bold, line, printJson, table } from '../output';
import { settingsOf, type GlobalOptions } from '../settings';

interface Webhook {
  readonly id: string;
  readonly url: string;
  readonly events: readonly string[];
  readonly status: string;
  readonly secret?: string;
}

interface Delivery {
  readonly id: string;
  readonly type: string;
  readonly attempts: number;
  readonly status: string;
  readonly lastResponseStatus: number | null;
  readonly createdAt: number;
}

const when = (ms: number): string => new Date(ms).toISOString().replace('T', ' ').slice(0, 19);

const groupOption = (command: Command): Command => command.requiredOption('-g, --group <id>', 'the group (an admin key of it)');

const listCommand = (): Command =>
  groupOption(new Command('list').description("the group's webhook endpoints and their status")).action(async function (this: Command) {
    const { group } = this.opts<{ group: string }>();
    const settings = settingsOf(this.optsWithGlobals<GlobalOptions>());
    const list = await callJson<{ items: Webhook[] }>(settings, 'GET', groupPath(group, '/webhooks'));
    if (settings.json) return printJson(list);
    if (list.items.length === 0) return line('No webhook endpoints.');
    for (const row of table([['id', 'status', 'events', 'url'], ...list.items.map((w) => [w.id, w.status, w.events.join(','), w.url])]))
      line(row);
  });

const addCommand = (): Command =>
  groupOption(new Command('add').description('register an endpoint; prints its signing secret, shown only this once'))
    .argument('<url>', 'https://…, or http://127.0.0.1… for local use')
    .option('-e, --events <names>', `comma-separated: ${NOTIFICATION_TYPES.join(', ')}`, NOTIFICATION_TYPES.join(','))
    .option('--secret <secret>', 'the signing secret to use (16+ characters; generated when absent)')
    .action(async function (this: Command, url: string) {
      const { group, events, secret } = this.opts<{ group: string; events: string; secret?: string }>();
      const settings = settingsOf(this.optsWithGlobals<GlobalOptions>());
      const body = { url, events: events.split(',').map((e) => e.trim()), ...(secret === undefined ? {} : { secret }) };
      const created = await callJson<Webhook>(settings, 'POST', groupPath(group, '/webhooks'), body);
      if (settings.json) return printJson(created);
      line(bold(`Endpoint ${created.id} registered for ${created.events.join(', ')}`));
      line(`  signing secret (shown once): ${created.secret}`);
    });

const removeCommand = (): Command =>
  groupOption(new Command('remove').description('remove an endpoint and its delivery log'))
    .argument('<id>', 'the endpoint id')
    .action(async function (this: Command, id: string) {
      const { group } = this.opts<{ group: string }>();
      const settings = settingsOf(this.optsWithGlobals<GlobalOptions>());
      await callJson(settings, 'DELETE', groupPath(group, `/webhooks/${encodeURIComponent(id)}`));
      if (settings.json) return printJson({ removed: id });
      line(`Endpoint ${id} removed.`);
    });

const deliveriesCommand = (): Command =>
  groupOption(new Command('deliveries').description("an endpoint's deliveries, newest first"))
    .argument('<id>', 'the endpoint id')
    .option('-n, --limit <n>', 'how many (1-100)', '20')
    .action(async function (this: Command, id: string) {
      const { group, limit } = this.opts<{ group: string; limit: string }>();
      const settings = settingsOf(this.optsWithGlobals<GlobalOptions>());
      const page = await callJson<{ items: Delivery[]; hasMore: boolean }>(
        settings,
        'GET',
        groupPath(group, `/webhooks/${encodeURIComponent(id)}/deliveries?limit=${encodeURIComponent(limit)}`),
      );
      if (settings.json) return printJson(page);
      if (page.items.length === 0) return line('No deliveries yet.');
      const rows = page.items.map((d) => [
        when(d.createdAt),
        d.type,
        d.status,
        String(d.attempts),
        String(d.lastResponseStatus ?? '-'),
        d.id,
      ]);
      for (const row of table([['created (UTC)', 'type', 'status', 'attempts', 'last answer', 'id'], ...rows], [3, 4])) line(row);
      if (page.hasMore) line(`(more: --limit up to 100)`);
    });

export const webhooksCommand = (): Command =>
  new Command('webhooks')
    .description('notification endpoints (webhooks) of a group and their deliveries')
    .addCommand(listCommand())
    .addCommand(addCommand())
    .addCommand(removeCommand())
    .addCommand(deliveriesCommand());
