import { once } from 'node:events';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { cli } from './support/cli';
import { ok } from './support/gateway';

// The `onescale` CLI against the running system: a 200,000-line NDJSON file of events goes through
// the real gateway and ingest, with broken lines mixed in; the summary, the errors file and the
// counts the system then reports must all agree, and the CLI's memory must not grow with the file.
// A bad CSV file is reported line by line while its valid lines are imported.

const platformKey = process.env.E2E_ADMIN_KEY!;
const root = resolve(__dirname, '..');
const ARTIFACTS = join(root, '.onescale', 'artifacts');

/** Writes `lines` NDJSON lines made by `line(n)` (1-based), streamed, so the test holds no file in memory. */
async function writeLines(path: string, lines: number, line: (n: number) => string): Promise<void> {
  const out = createWriteStream(path);
  for (let n = 1; n <= lines; n++) if (!out.write(`${line(n)}\n`)) await once(out, 'drain');
  out.end();
  await once(out, 'close');
}

/** Line n of the big file: a valid user_login event of the last day, except 40 lines broken in four known ways. */
const badCode = (n: number): string | null =>
  n % 5000 !== 17 ? null : ['invalid_json', 'invalid_type', 'unknown_field', 'invalid_field'][Math.floor(n / 5000) % 4]!;
function eventLine(now: number): (n: number) => string {
  return (n) => {
    const timestamp = now - 60_000 - (n % 86_400) * 1000;
    switch (badCode(n)) {
      case 'invalid_json':
        return `{"type":"user_login","timestamp":${timestamp},`;
      case 'invalid_type':
        return JSON.stringify({ type: 'teleported', timestamp });
      case 'unknown_field':
        return JSON.stringify({ type: 'user_login', timestamp, where: 'moon' });
      case 'invalid_field':
        return JSON.stringify({ type: 'user_login', timestamp: String(timestamp) });
      default:
        return JSON.stringify({ type: 'user_login', timestamp, metadata: { seq: n, source: 'cli-e2e' } });
    }
  };
}

describe('the onescale CLI against the running system', () => {
  const now = Date.now();
  let dir: string;
  let groupId: string;
  let key: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'onescale-cli-'));
    const created = await ok('POST', '/v1/groups', platformKey, { name: `CLI import ${now}`, type: 'business' });
    groupId = created.group.id;
    key = created.apiKey.key;
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('has --help on every command and names its exit codes', async () => {
    for (const args of [
      ['--help'],
      ['import', '--help'],
      ['quotas', '--help'],
      ['metrics', '--help'],
      ['archive', 'status', '--help'],
      ['archive', 'run', '--help'],
      ['infra', 'status', '--help'],
    ]) {
      const run = await cli(args);
      expect({ args, code: run.code }).toEqual({ args, code: 0 });
      expect(run.stdout).toContain('Usage: onescale');
    }
    expect((await cli(['--help'])).stdout).toMatch(/Exit codes:[\s\S]*3 {4}finished with problems/);
    expect((await cli(['import', 'x.ndjson', '--group', 'g', '--kind', 'spaceships'])).code).toBe(2);
  });

  it('imports 200,000 NDJSON lines: every valid line lands, 40 bad ones are reported by line, memory stays flat', async () => {
    const small = join(dir, 'events-20k.ndjson');
    const big = join(dir, 'events-200k.ndjson');
    await writeLines(small, 20_000, eventLine(now));
    await writeLines(big, 200_000, eventLine(now));
    const badLines = Array.from({ length: 200_000 }, (_v, i) => i + 1).filter((n) => badCode(n) !== null);
    const smallBad = badLines.filter((n) => n <= 20_000).length;
    expect(badLines).toHaveLength(40);

    // A heap cap far below the file's parsed size: V8 collects instead of growing lazily (so peaks
    // compare), and an import that held the file would run out of it.
    const capped = { NODE_OPTIONS: '--max-old-space-size=64' };
    const baseline = await cli(['import', small, '--group', groupId, '--kind', 'events', '--json'], key, capped);
    expect(baseline.code).toBe(3);
    const baseSummary = JSON.parse(baseline.stdout);
    expect(baseSummary).toMatchObject({ lines: 20_000, succeeded: 20_000 - smallBad, failed: smallBad, aborted: null });

    const run = await cli(
      ['import', big, '--group', groupId, '--kind', 'events', '--json', '--errors', join(dir, 'big.errors.ndjson')],
      key,
      capped,
    );
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 3, stderr: '' });
    const summary = JSON.parse(run.stdout);
    expect(summary).toMatchObject({
      lines: 200_000,
      succeeded: 199_960,
      failed: 40,
      notImported: 0,
      batches: 20,
      aborted: null,
      failedByCode: { invalid_json: 10, invalid_type: 10, unknown_field: 10, invalid_field: 10 },
      errorsFile: join(dir, 'big.errors.ndjson'),
    });

    const errors = readFileSync(summary.errorsFile, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(errors.map((e) => e.line)).toEqual(badLines);
    expect(errors.map((e) => e.code)).toEqual(badLines.map(badCode));
    expect(errors.every((e) => typeof e.error === 'string' && e.error.length > 0 && e.input === eventLine(now)(e.line))).toBe(true);

    mkdirSync(ARTIFACTS, { recursive: true });
    const figures = {
      lines: summary.lines,
      seconds: Math.round(summary.elapsedMs / 100) / 10,
      linesPerSecond: summary.itemsPerSecond,
      peakRssMB: summary.peakRssMB,
      baselineLines: baseSummary.lines,
      baselinePeakRssMB: baseSummary.peakRssMB,
      processWallMs: run.ms,
    };
    writeFileSync(join(ARTIFACTS, 'cli-import.json'), `${JSON.stringify(figures, null, 2)}\n`);
    process.stdout.write(`CLI import of 200,000 lines: ${JSON.stringify(figures)}\n`);
    // memory does not follow the file: ten times the lines, about the same peak
    expect(summary.peakRssMB).toBeLessThan(baseSummary.peakRssMB + 60);
    expect(summary.peakRssMB).toBeLessThan(250);

    // the system counts exactly the valid lines of both runs, read after the import's last write
    const expected = 199_960 + 20_000 - smallBad;
    const metrics = await ok('GET', `/v1/groups/${groupId}/metrics?minPosition=${summary.position}`, key, undefined, {
      patienceMs: 240_000,
    });
    expect(metrics._computed.eventsThisWeek).toBe(expected);
  });

  it('reports a bad CSV file line by line and imports every valid line', async () => {
    const csv = join(dir, 'things.csv');
    writeFileSync(
      csv,
      [
        'type,name,status,properties.topic',
        'blog_post,Good one,published,scale', // 2
        'blog_post,"Quoted, with comma",draft,', // 3
        'spaceship,Not a type,draft,', // 4
        'video,Too,many,columns,here', // 5
        'video', // 6
        '"broken"quote,x,draft,', // 7
        // a quoted cell may span lines (in properties: a name must not hold control characters)
        'podcast,Spans two lines,active,"audio',
        'and video"', // 8-9
        'course,Bad status,flying,', // 10
        'lesson,Last good,active,intro', // 11
      ].join('\n'),
    );
    const run = await cli(['import', csv, '--group', groupId, '--kind', 'things', '--json'], key);
    expect(run.code).toBe(3);
    const summary = JSON.parse(run.stdout);
    expect(summary).toMatchObject({ format: 'csv', lines: 9, succeeded: 4, failed: 5, errorsFile: `${csv}.errors.ndjson` });
    const errors = readFileSync(summary.errorsFile, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(errors.map((e) => [e.line, e.code])).toEqual([
      [4, 'invalid_type'],
      [5, 'wrong_column_count'],
      [6, 'wrong_column_count'],
      [7, 'bad_quotes'],
      [10, expect.stringMatching(/status/)],
    ]);
    expect(errors.every((e) => e.error.length > 0)).toBe(true);
    const things = (await ok('GET', `/v1/groups/${groupId}/things?limit=100&minPosition=${summary.position}`, key)).items;
    expect(things).toHaveLength(4);
    expect(things.map((t: { name: string }) => t.name).sort()).toEqual(['Good one', 'Last good', 'Quoted, with comma', 'Spans two lines']);
    expect(things.find((t: { name: string }) => t.name === 'Spans two lines').properties).toEqual({ topic: 'audio\nand video' });
  });

  it('refuses a CSV file with an unknown column before importing anything, and a wrong key', async () => {
    const csv = join(dir, 'unknown-column.csv');
    writeFileSync(csv, 'type,name,colour\nblog_post,Red,red\n');
    const file = await cli(['import', csv, '--group', groupId, '--kind', 'things'], key);
    expect(file.code).toBe(6);
    expect(file.stdout).toContain('column 3 ("colour") is not a field of things');
    expect(existsSync(`${csv}.errors.ndjson`)).toBe(false);
    const refused = await cli(
      ['import', csv, '--group', groupId, '--kind', 'things', '--key', 'osk_wrong_key_0000000000000000000000'],
      undefined,
    );
    expect(refused.code).toBe(6); // the file is checked first: nothing is sent
    const wrongKey = await cli(['quotas', '--group', groupId, '--key', 'osk_wrong_key_0000000000000000000000']);
    expect(wrongKey.code).toBe(4);
    expect(wrongKey.stderr).toContain('the API key was refused');
  });

  it('shows quotas, metrics and archival status as JSON for scripts', async () => {
    const quotas = await cli(['quotas', '--group', groupId, '--json', '--fail-on', 'exceeded'], key);
    expect(quotas.code).toBe(0);
    expect(JSON.parse(quotas.stdout)).toMatchObject({
      group: { id: groupId, plan: 'pro' },
      metrics: { entities_total: { limit: 10_000 } },
    });
    const metrics = await cli(['metrics', '--group', groupId, '--json'], key);
    expect(metrics.code).toBe(0);
    expect(JSON.parse(metrics.stdout)).toMatchObject({ id: groupId, _computed: { eventsThisWeek: expect.any(Number) } });
    const archive = await cli(['archive', 'status', '--group', groupId, '--json'], key);
    expect(archive.code).toBe(0);
    expect(JSON.parse(archive.stdout)).toMatchObject({ eligibleForArchival: 0, config: { AGE_THRESHOLD_DAYS: 365 } });
  });
});
