import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { launchChromium, screenshot, until, type Browser } from './support/browser';
import { eventually } from './support/env';
import { request } from './support/http';

// The dashboard as a person uses it: headless Chromium against the running system, signed in with a
// group key. A starter group is seeded through the API; the import page then pushes its entities
// gauge from ok to warning, a course's 25 lessons are paged through, and an archival run moves
// backdated events to S3. Every page leaves a screenshot in .onescale/artifacts/screenshots.

const gateway = process.env.E2E_GATEWAY_URL!;
const platformKey = process.env.E2E_ADMIN_KEY!;
const DAY = 86_400_000;
const PHONE = { width: 390, height: 844 };

async function api<T = any>(method: string, path: string, key: string, body?: unknown): Promise<T> {
  const response = await request<T>(method, `${gateway}${path}`, {
    headers: { authorization: `Bearer ${key}` },
    ...(body === undefined ? {} : { body }),
  });
  if (response.status >= 300) throw new Error(`${method} ${path} answered ${response.status}: ${JSON.stringify(response.body)}`);
  return response.body;
}

/** What the import page is given: 55 good things and 4 lines that cannot be imported. */
const IMPORT_FILE = [
  ...Array.from({ length: 30 }, (_v, i) =>
    JSON.stringify({ type: 'blog_post', name: `Imported post ${i + 1}`, properties: { words: 100 + i } }),
  ),
  '{"type":"blog_post","name":', // broken JSON
  JSON.stringify({ type: 'spaceship', name: 'Not a thing type' }),
  JSON.stringify({ type: 'video', name: 'Has a stray field', colour: 'red' }),
  ...Array.from({ length: 25 }, (_v, i) => JSON.stringify({ type: 'video', name: `Imported video ${i + 1}`, status: 'active' })),
  JSON.stringify({ type: 'podcast' }), // no name
].join('\n');

describe('the dashboard in a browser', () => {
  const now = Date.now();
  let browser: Browser;
  let page: Page;
  let groupId: string;
  let key: string;
  const ids: Record<string, string> = {};
  /** Di's events, newest first (the feed's order: time, then id), recent and a year old. */
  let diEvents: string[] = [];
  const at = (path: string): string => `/v1/groups/${groupId}${path}`;

  beforeAll(async () => {
    const created = await api('POST', '/v1/groups', platformKey, { name: `Dashboard studio ${now}`, type: 'friend_circle' });
    groupId = created.group.id;
    key = created.apiKey.key;
    const lessons = Array.from({ length: 25 }, (_v, i) => ({
      type: 'lesson',
      name: `Lesson ${String(i + 1).padStart(2, '0')}`,
      status: 'active',
    }));
    const things = [
      { type: 'creator', name: 'Ada Lovelace', status: 'active' },
      { type: 'course', name: 'Scaling 101', status: 'active' },
      ...['Ben', 'Cy', 'Di'].map((name) => ({ type: 'audience_member', name, status: 'active' })),
      ...['Launch notes', 'Batching at scale', 'Quotas explained'].map((name) => ({ type: 'blog_post', name, status: 'published' })),
      ...lessons,
    ];
    const result = await api('POST', at('/things/batch'), key, { things });
    things.forEach((t, i) => (ids[t.name] = result.created[i]));
    const connections = [
      ...lessons.map((l) => ({ fromThingId: ids[l.name], toThingId: ids['Scaling 101'], relationshipType: 'part_of' })),
      ...['Launch notes', 'Batching at scale', 'Quotas explained'].map((p) => ({
        fromThingId: ids['Ada Lovelace'],
        toThingId: ids[p],
        relationshipType: 'authored',
      })),
      ...['Ben', 'Cy', 'Di'].map((p) => ({ fromThingId: ids[p], toThingId: ids['Ada Lovelace'], relationshipType: 'following' })),
      { fromThingId: ids.Ben, toThingId: ids['Launch notes'], relationshipType: 'part_of' },
    ];
    expect((await api('POST', at('/connections/batch'), key, { connections })).summary.failed).toBe(0);
    const events = [
      ...[25, 40, 12.5].map((amount, i) => ({
        type: 'revenue_generated',
        actorId: ids['Ada Lovelace'],
        timestamp: now - (i + 1) * 3_600_000,
        metadata: { amount, currency: 'USD' },
      })),
      ...['Ben', 'Cy', 'Di', 'Ben'].map((p, i) => ({ type: 'user_login', actorId: ids[p], timestamp: now - i * 60_000 })),
      { type: 'lesson_completed', actorId: ids.Cy, targetId: ids['Lesson 01'], timestamp: now - 9 * DAY },
      // a year and more ago: what the archival run moves to S3 (three UTC days, three objects)
      ...Array.from({ length: 12 }, (_v, i) => ({ type: 'user_login', actorId: ids.Di, timestamp: now - (400 + (i % 3)) * DAY })),
    ];
    const recorded = await api('POST', at('/events/batch'), key, { events });
    expect(recorded.summary.failed).toBe(0);
    diEvents = events
      .map((e, i) => ({ ...e, id: recorded.created[i] as string }))
      .filter((e) => e.actorId === ids.Di)
      .sort((a, b) => b.timestamp - a.timestamp || (a.id < b.id ? 1 : -1))
      .map((e) => e.id);
    browser = await launchChromium();
    page = await browser.newPage();
  });

  afterAll(async () => {
    await browser?.close();
  });

  const go = async (hash: string): Promise<void> => {
    await page.goto(`${gateway}/${hash}`);
  };
  const refresh = (p: Page = page): Promise<void> => p.getByRole('button', { name: 'Refresh' }).first().click();
  /** sessionStorage belongs to one tab: every new page signs in again. */
  const signIn = async (p: Page): Promise<void> => {
    await p.goto(`${gateway}/`);
    await p.getByLabel('API key').fill(key);
    await p.getByLabel('Group id').fill(groupId);
    await p.getByRole('button', { name: 'Sign in' }).click();
    await p.getByTestId('group-name').waitFor();
  };

  it('refuses a wrong key, then signs in with the group key', async () => {
    await page.goto(`${gateway}/`);
    await page.getByLabel('API key').fill('osk_not_a_real_key_000000000000000');
    await page.getByLabel('Group id').fill(groupId);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('That API key is not valid').waitFor();
    await screenshot(page, '01-sign-in-refused');

    await page.getByLabel('API key').fill(key);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('group-name').waitFor();
    expect(await page.getByTestId('group-name').textContent()).toBe(`Dashboard studio ${now}`);
    expect(await page.evaluate('[localStorage.length, document.cookie]')).toEqual([0, '']); // the key is in sessionStorage only
  });

  it('shows the overview: metric cards, the week chart and top content', async () => {
    await go('#/');
    const entities = await until(async () => {
      const text = await page.getByTestId('card-entities').locator('.metric-value').textContent({ timeout: 5000 });
      if (text === '33') return text;
      await refresh();
      return undefined;
    }, 'the overview counting 33 entities');
    expect(entities).toBe('33');
    await page.getByTestId('week-chart').waitFor();
    expect(await page.getByTestId('top-content').locator('tbody tr').count()).toBeGreaterThan(0);
    await screenshot(page, '02-overview');
  });

  it('shows quota gauges that change after an import from the import page', async () => {
    await go('#/quotas');
    const entitiesGauge = page.getByTestId('gauge-entities_total');
    await until(async () => {
      if ((await entitiesGauge.locator('.gauge-detail').textContent({ timeout: 5000 })) === '33 of 100') return true;
      await refresh();
      return undefined;
    }, 'the entities gauge at 33 of 100');
    expect(await entitiesGauge.getAttribute('data-level')).toBe('ok');
    await screenshot(page, '03-quotas-before-import');

    await go('#/import');
    await page
      .getByTestId('file-input')
      .setInputFiles({ name: 'catalogue.ndjson', mimeType: 'application/x-ndjson', buffer: Buffer.from(IMPORT_FILE) });
    await page.getByTestId('file-facts').getByText('catalogue.ndjson').waitFor();
    await page.getByTestId('start-import').click();
    const summary = page.getByTestId('import-summary');
    await summary.waitFor({ timeout: 60_000 });
    expect([await summary.getAttribute('data-succeeded'), await summary.getAttribute('data-failed')]).toEqual(['55', '4']);
    const rows = await page.getByTestId('error-table').locator('tbody tr').allTextContents();
    expect(rows.map((r) => Number(/^\d+/.exec(r)?.[0]))).toEqual([31, 32, 33, 59]);
    expect(rows.join('\n')).toMatch(/invalid_json[\s\S]*invalid_type[\s\S]*unknown_field[\s\S]*missing_field/);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-errors-csv').click()]);
    const csv = readFileSync((await download.path())!, 'utf8')
      .trim()
      .split('\n');
    expect(csv[0]).toBe('line,code,error,path,input');
    expect(csv.slice(1).map((l) => l.split(',').slice(0, 2).join(','))).toEqual([
      '31,invalid_json',
      '32,invalid_type',
      '33,unknown_field',
      '59,missing_field',
    ]);
    await screenshot(page, '04-import-result');

    await go('#/quotas');
    await until(async () => {
      if ((await entitiesGauge.locator('.gauge-detail').textContent({ timeout: 5000 })) === '88 of 100') return true;
      await refresh();
      return undefined;
    }, 'the entities gauge at 88 of 100 after the import');
    expect([await entitiesGauge.getAttribute('data-level'), await entitiesGauge.getAttribute('data-percent')]).toEqual(['warning', '88']);
    expect(await page.getByTestId('quota-overall').getAttribute('data-status')).toBe('warning');
    expect(await page.getByTestId('recommendations').textContent()).toContain('entities_total at 88% capacity');
    // The usage history: the last 30 UTC days of entities, today at the level the gauge shows.
    const history = page.getByTestId('usage-history');
    await until(async () => {
      if ((await history.locator('[data-testid="usage-bar"]').last().getAttribute('data-value', { timeout: 5000 })) === '88') return true;
      await refresh();
      return undefined;
    }, 'the usage history ending at 88 entities');
    expect(await history.getAttribute('data-periods')).toBe('30');
    expect(await history.locator('[data-testid="usage-bar"]').last().getAttribute('data-period')).toBe(
      String(Math.floor(Date.now() / 86_400_000) * 86_400_000),
    );
    await page.getByTestId('history-granularity').selectOption('month');
    await until(async () => ((await history.getAttribute('data-periods', { timeout: 5000 })) === '12' ? true : undefined), 'a month view');
    expect(await history.locator('[data-testid="usage-bar"]').last().getAttribute('data-value')).toBe('88');
    await screenshot(page, '05-quotas-after-import');
  });

  it("pages through a course's 25 relationships, forward and back", async () => {
    await go(`#/things/${ids['Scaling 101']}`);
    const range = page.getByTestId('relationships-pager-range');
    await until(
      async () => ((await range.textContent({ timeout: 5000 })) === '1–10 of 25' ? true : (await refresh(), undefined)),
      'the first page of relationships',
    );
    const names = async (): Promise<string[]> => page.getByTestId('relationship-row').locator('td:nth-child(3) a').allTextContents();
    const first = await names();
    expect(first).toHaveLength(10);
    await page.getByTestId('relationships-pager').getByRole('button', { name: 'Next →' }).click();
    await until(async () => ((await range.textContent()) === '11–20 of 25' ? true : undefined), 'the second page');
    const second = await names();
    await screenshot(page, '06-thing-relationships-page-2');
    await page.getByTestId('relationships-pager').getByRole('button', { name: 'Next →' }).click();
    await until(async () => ((await range.textContent()) === '21–25 of 25' ? true : undefined), 'the last page');
    const third = await names();
    expect(await page.getByTestId('relationships-pager').getByRole('button', { name: 'Next →' }).isDisabled()).toBe(true);
    expect(new Set([...first, ...second, ...third]).size).toBe(25);
    expect([...first, ...second, ...third].every((n) => n.startsWith('Lesson '))).toBe(true);
    await page.getByTestId('relationships-pager').getByRole('button', { name: '← Previous' }).click();
    await until(async () => ((await range.textContent()) === '11–20 of 25' ? true : undefined), 'back on the second page');
    expect(await names()).toEqual(second);
  });

  it("shows a creator's stats", async () => {
    await go(`#/creators/${ids['Ada Lovelace']}`);
    const stats = page.getByTestId('creator-stats');
    await stats.waitFor();
    expect(await stats.textContent()).toContain('$77.50');
    await screenshot(page, '07-creator-stats');
    await go('#/storage');
    await page.getByTestId('storage-gauge').waitFor();
    expect(await page.getByTestId('storage-gauge').getAttribute('data-level')).toBe('ok');
    await screenshot(page, '08-storage');
    await go('#/things');
    await page.getByTestId('thing-list').waitFor();
    await screenshot(page, '09-things');
  });

  it("runs archival and shows the run's result and the archive's manifests", async () => {
    await eventually(
      async () => ((await api('GET', `/v1/archival/status?groupId=${groupId}`, key)).eligibleForArchival === 12 ? true : undefined),
      30_000,
      '12 events eligible for archival',
    );
    await go('#/archival');
    await until(
      async () =>
        (await page.getByTestId('archival-eligible').locator('.metric-value').textContent({ timeout: 5000 })) === '12'
          ? true
          : (await refresh(), undefined),
      'the status page counting 12 eligible events',
    );
    await page.getByRole('button', { name: 'Run archival' }).click();
    const result = page.getByTestId('archival-result');
    await result.waitFor({ timeout: 60_000 });
    expect([await result.getAttribute('data-archived'), await result.getAttribute('data-failed')]).toEqual(['12', '0']);
    await until(
      async () => ((await page.getByTestId('manifests').locator('tbody tr').count()) === 3 ? true : (await refresh(), undefined)),
      'three archive objects listed',
    );
    // the run reloads the status too; its answer may come after the manifests'
    const archivedTile = page.getByTestId('archival-archived').locator('.metric-value');
    await until(async () => ((await archivedTile.textContent()) === '12' ? true : undefined), 'the status counting 12 archived events');
    await screenshot(page, '10-archival-after-run');
  });

  it('links the overview and a thing to the event feed, paged, archived events included', async () => {
    await go('#/');
    await page.getByTestId('overview-events-link').click();
    const rows = page.getByTestId('event-feed').locator('tbody tr');
    const range = page.getByTestId('event-pager-range');
    await until(async () => ((await range.textContent({ timeout: 5000 })) === '1–20' ? true : undefined), 'the first page of events');
    expect(await page.evaluate('location.hash')).toBe('#/events');
    const rowIds = async (): Promise<string[]> => rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-event-id') ?? ''));
    const first = await rowIds();
    await page.getByTestId('event-pager').getByRole('button', { name: 'Next →' }).click();
    await until(async () => ((await range.textContent()) === '21–40' ? true : undefined), 'the second page of events');
    const second = await rowIds();
    expect(new Set([...first, ...second]).size).toBe(40);
    await screenshot(page, '11-event-feed-page-2');
    await page.getByTestId('event-pager').getByRole('button', { name: '← Previous' }).click();
    await until(async () => ((await range.textContent()) === '1–20' ? true : undefined), 'back on the first page');
    expect(await rowIds()).toEqual(first);

    await go(`#/things/${ids.Di}`);
    await page.getByTestId('thing-event-links').getByRole('link', { name: 'by this thing' }).click();
    await until(async () => ((await range.textContent({ timeout: 5000 })) === '1–13' ? true : undefined), "Di's 13 events");
    expect(await rowIds()).toEqual(diEvents);
    expect(await page.getByTestId('event-pager').getByRole('button', { name: 'Next →' }).isDisabled()).toBe(true);
    await screenshot(page, '12-event-feed-of-a-thing');
  });

  it('fits a phone screen', async () => {
    const phone = await browser.newPage(PHONE);
    await signIn(phone);
    for (const [hash, name, content] of [
      ['#/', '13-phone-overview', 'week-chart'],
      ['#/quotas', '14-phone-quotas', 'quota-gauges'],
      ['#/import', '15-phone-import', 'dropzone'],
      ['#/events', '16-phone-events', 'event-feed'],
    ] as const) {
      await phone.goto(`${gateway}/${hash}`);
      await phone.getByTestId(content).waitFor();
      expect(await phone.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE.width);
      await screenshot(phone, name);
    }
    await phone.close();
  });

  it('signs out and forgets the key', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(await page.evaluate('sessionStorage.length')).toBe(0);
  });
});
