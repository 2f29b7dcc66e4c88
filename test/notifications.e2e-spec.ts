import { launchChromium, screenshot } from './support/browser';
import { cli } from './support/cli';
import { eventually } from './support/env';
import { ok, send } from './support/gateway';
import { startWebhookReceiver, type WebhookReceiver } from './support/webhook-receiver';

// Notifications (SPEC §5), through the gateway: a group admin registers an endpoint on a local
// receiver; a quota threshold crossing reaches it signed, after the receiver's own 500s are retried,
// always with the same delivery id; the delivery log shows each attempt. Bad URLs and event names are
// refused with the field, and another tenant sees nothing.

const gateway = process.env.E2E_GATEWAY_URL!;
const platformKey = process.env.E2E_ADMIN_KEY!;

const SECRET = 'whsec_e2e_0123456789abcdef';
/** The receiver fails the first two attempts of every delivery. */
const FAILURES = 2;

describe('webhook notifications, end to end', () => {
  let receiver: WebhookReceiver;
  let groupId: string;
  let admin: string;
  let other: { groupId: string; admin: string };
  let hook: { id: string; secret: string };
  let archivalHook: { id: string; secret: string };
  const at = (path: string) => `/v1/groups/${groupId}${path}`;

  beforeAll(async () => {
    receiver = await startWebhookReceiver((_id, seenBefore) => (seenBefore < FAILURES ? 500 : 200));
    const stamp = Date.now().toString(36);
    const mine = await ok('POST', '/v1/groups', platformKey, { name: `Webhooks ${stamp}`, type: 'friend_circle' });
    const theirs = await ok('POST', '/v1/groups', platformKey, { name: `Webhooks other ${stamp}`, type: 'business' });
    groupId = mine.group.id;
    admin = mine.apiKey.key;
    other = { groupId: theirs.group.id, admin: theirs.apiKey.key };
  });

  afterAll(() => receiver.close());

  it('registers an endpoint: the given secret is answered once, later reads omit it', async () => {
    receiver.secretFor('/quota', SECRET);
    const created = await send('POST', at('/webhooks'), admin, {
      url: receiver.url('/quota'),
      events: ['quota_threshold_crossed'],
      secret: SECRET,
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.any(String),
      url: receiver.url('/quota'),
      events: ['quota_threshold_crossed'],
      secret: SECRET,
      status: 'active',
      createdAt: expect.any(Number),
    });
    hook = created.body;
    const generated = await ok('POST', at('/webhooks'), admin, {
      url: receiver.url('/archival'),
      events: ['events_archived', 'archival_failed'],
    });
    expect(generated.secret).toMatch(/^whsec_[A-Za-z0-9_-]{32}$/);
    archivalHook = generated;
    const list = await ok('GET', at('/webhooks'), admin);
    expect(list.items.map((w: any) => [w.id, w.status, w.events, 'secret' in w])).toEqual([
      [hook.id, 'active', ['quota_threshold_crossed'], false],
      [archivalHook.id, 'active', ['events_archived', 'archival_failed'], false],
    ]);
  });

  it.each([
    ['https://10.0.0.8/hook', 'url', /private, link-local or reserved address/],
    ['https://169.254.169.254/latest', 'url', /private, link-local or reserved address/],
    ['https://[fd00::1]/hook', 'url', /private, link-local or reserved address/],
    ['http://hooks.example.com/hook', 'url', /must use https:\/\//],
    ['http://192.168.1.20/hook', 'url', /must use https:\/\//],
  ])('refuses %s with 400 naming the field', async (url, path, message) => {
    const refused = await send('POST', at('/webhooks'), admin, { url, events: ['quota_threshold_crossed'] });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ code: 'validation_failed', errors: [{ path, message: expect.stringMatching(message) }] });
  });

  it('refuses an unknown event name with 400 naming the field', async () => {
    const refused = await send('POST', at('/webhooks'), admin, {
      url: receiver.url('/x'),
      events: ['quota_threshold_crossed', 'thing_created'],
    });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({
      code: 'validation_failed',
      errors: [{ path: 'events', message: expect.stringMatching(/events must be one of/) }],
    });
    expect((await ok('GET', at('/webhooks'), admin)).items).toHaveLength(2);
  });

  it("hides one group's endpoints from another: its key gets 404, its path does not reach them", async () => {
    expect((await send('GET', at('/webhooks'), other.admin)).status).toBe(404);
    expect((await send('GET', at(`/webhooks/${hook.id}/deliveries`), other.admin)).status).toBe(404);
    const viaOwnGroup = await send('DELETE', `/v1/groups/${other.groupId}/webhooks/${hook.id}`, other.admin);
    expect({ status: viaOwnGroup.status, code: viaOwnGroup.body?.code }).toEqual({ status: 404, code: 'not_found' });
    expect((await send('GET', `/v1/groups/${other.groupId}/webhooks/${hook.id}/deliveries`, other.admin)).status).toBe(404);
    expect((await ok('GET', `/v1/groups/${other.groupId}/webhooks`, other.admin)).items).toEqual([]);
  });

  it('delivers a threshold crossing signed, retrying the receiver’s 500s with the same id, first retry within 10 s', async () => {
    // A friend circle starts on the starter plan: 4 of its 5 users is 80 %, the warning level, crossed once.
    await ok('POST', at('/usage'), platformKey, { metric: 'users', amount: 4 });
    const attempts = await eventually(
      () => {
        const mine = receiver.received.filter((r) => r.path === '/quota');
        return mine.length >= FAILURES + 1 ? mine : undefined;
      },
      60_000,
      'three attempts at the receiver',
    );
    expect(attempts.map((a) => a.answered)).toEqual([500, 500, 200]);
    expect(attempts.every((a) => a.signatureValid)).toBe(true);
    const ids = new Set(attempts.map((a) => a.body.id));
    expect(ids.size).toBe(1);
    expect(attempts[0]!.body).toEqual({
      id: expect.any(String),
      type: 'quota_threshold_crossed',
      groupId,
      createdAt: expect.any(Number),
      data: { metric: 'users', level: 'warning', current: 4, limit: 5, periodStart: expect.any(Number) },
    });
    // Every attempt sends the very same body, signed afresh.
    expect(new Set(attempts.map((a) => a.raw)).size).toBe(1);
    expect(attempts[1]!.at - attempts[0]!.at).toBeLessThanOrEqual(10_000);

    const log = await eventually(
      async () => {
        const page = await ok('GET', at(`/webhooks/${hook.id}/deliveries`), admin);
        return page.items[0]?.status === 'delivered' ? page : undefined;
      },
      10_000,
      'the delivery to be recorded as delivered',
    );
    expect(log).toMatchObject({ nextCursor: null, hasMore: false });
    expect(log.items).toHaveLength(1);
    expect(log.items[0]).toMatchObject({
      id: [...ids][0],
      type: 'quota_threshold_crossed',
      attempts: 3,
      status: 'delivered',
      lastResponseStatus: 200,
    });
    expect(log.items[0].log.map((entry: any) => entry.status)).toEqual([500, 500, 200]);
  });

  it('sends nothing more: no duplicate attempt, and nothing to the endpoint that did not subscribe', async () => {
    // Long enough for a stray retry (the first comes within 5 s).
    await new Promise((r) => setTimeout(r, 6_000));
    expect(receiver.received.filter((r) => r.path === '/quota')).toHaveLength(3);
    expect(receiver.received.filter((r) => r.path === '/archival')).toHaveLength(0);
    expect((await ok('GET', at(`/webhooks/${archivalHook.id}/deliveries`), admin)).items).toEqual([]);
  });

  it('removes an endpoint with its log', async () => {
    expect((await send('DELETE', at(`/webhooks/${archivalHook.id}`), admin)).status).toBe(204);
    expect((await send('GET', at(`/webhooks/${archivalHook.id}/deliveries`), admin)).status).toBe(404);
    expect((await send('DELETE', at(`/webhooks/${archivalHook.id}`), admin)).status).toBe(404);
    expect((await ok('GET', at('/webhooks'), admin)).items.map((w: any) => w.id)).toEqual([hook.id]);
  });

  it('the CLI lists, adds and removes endpoints and shows deliveries', async () => {
    const list = await cli(['webhooks', 'list', '--group', groupId, '--json'], admin);
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout).items.map((w: any) => w.id)).toEqual([hook.id]);
    const table = await cli(['webhooks', 'list', '--group', groupId], admin);
    expect(table.stdout).toContain(`${hook.id}  active  quota_threshold_crossed  ${receiver.url('/quota')}`);

    const deliveries = await cli(['webhooks', 'deliveries', hook.id, '--group', groupId, '--json'], admin);
    expect(JSON.parse(deliveries.stdout).items).toMatchObject([{ status: 'delivered', attempts: 3, lastResponseStatus: 200 }]);

    const refused = await cli(['webhooks', 'add', 'https://192.168.0.10/hook', '--group', groupId], admin);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/private, link-local or reserved address/);

    const added = await cli(['webhooks', 'add', receiver.url('/cli'), '--events', 'events_archived', '--group', groupId, '--json'], admin);
    expect(added.code).toBe(0);
    const created = JSON.parse(added.stdout);
    expect(created).toMatchObject({ events: ['events_archived'], status: 'active', secret: expect.stringMatching(/^whsec_/) });
    expect((await cli(['webhooks', 'remove', created.id, '--group', groupId], admin)).code).toBe(0);
    expect((await cli(['webhooks', 'remove', created.id, '--group', groupId], admin)).code).toBe(4);
    expect((await ok('GET', at('/webhooks'), admin)).items.map((w: any) => w.id)).toEqual([hook.id]);
  });

  it('the dashboard lists the endpoint and its delivery, in Chromium', async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.goto(`${gateway}/`);
      await page.getByLabel('API key').fill(admin);
      await page.getByLabel('Group id').fill(groupId);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByTestId('group-name').waitFor();
      await page.getByRole('link', { name: 'Webhooks' }).click();
      const row = page.getByTestId('webhooks').locator(`tr[data-webhook="${hook.id}"]`);
      await row.waitFor();
      expect(await row.getAttribute('data-status')).toBe('active');
      expect(await row.locator('code').textContent()).toBe(receiver.url('/quota'));
      const delivery = page.getByTestId('deliveries').locator('tbody tr');
      await delivery.first().waitFor();
      expect(await delivery.count()).toBe(1);
      expect([await delivery.getAttribute('data-status'), await delivery.getAttribute('data-attempts')]).toEqual(['delivered', '3']);
      expect(await delivery.locator('td').nth(4).textContent()).toBe('200');
      await screenshot(page, '11-webhooks');
    } finally {
      await browser.close();
    }
  });
});
