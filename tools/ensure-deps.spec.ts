import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const { dependenciesStale } = require('./ensure-deps') as { dependenciesStale(dir: string): boolean };

describe('dependenciesStale', () => {
  let dir: string;
  const lock = (): string => path.join(dir, 'package-lock.json');
  const marker = (): string => path.join(dir, 'node_modules', '.package-lock.json');
  const touch = (file: string, secondsAgo: number): void => {
    const at = new Date(Date.now() - secondsAgo * 1000);
    utimesSync(file, at, at);
  };

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'onescale-deps-'));
    writeFileSync(lock(), '{}');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is stale on a fresh clone (no node_modules)', () => {
    expect(dependenciesStale(dir)).toBe(true);
  });

  it('is fresh once npm ci wrote its marker after the lock file', () => {
    mkdirSync(path.dirname(marker()));
    writeFileSync(marker(), '{}');
    touch(lock(), 60);
    expect(dependenciesStale(dir)).toBe(false);
  });

  it('is stale when the lock file changed after the install', () => {
    mkdirSync(path.dirname(marker()));
    writeFileSync(marker(), '{}');
    touch(marker(), 60);
    expect(dependenciesStale(dir)).toBe(true);
  });
});
