import { stripVTControlCharacters } from 'node:util';

/** Printing for people (aligned tables, bars) and for scripts (--json, one document on stdout). */
export const printJson = (value: unknown): void => {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
};

export const line = (text = ''): void => {
  process.stdout.write(`${text}\n`);
};

const useColour = (): boolean => process.stdout.isTTY === true && !('NO_COLOR' in process.env);

const TONES: Readonly<Record<string, string>> = {
  ok: '32',
  healthy: '32',
  warning: '33',
  critical: '38;5;208',
  exceeded: '31',
  unlimited: '36',
};

/** The level in words, coloured on a terminal (the words carry the meaning without colour). */
export const level = (name: string): string => (useColour() && TONES[name] ? `\u001b[${TONES[name]}m${name}\u001b[0m` : name);

export const bold = (text: string): string => (useColour() ? `\u001b[1m${text}\u001b[0m` : text);

/** A bar of `width` cells for a percentage (clamped). */
export const bar = (percent: number, width = 20): string => {
  const filled = Math.round((Math.max(0, Math.min(100, percent)) / 100) * width);
  return `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
};

/** Rows padded into columns; `right` names the columns aligned to the right. */
export function table(rows: readonly (readonly string[])[], right: readonly number[] = []): string[] {
  const visible = (s: string): number => stripVTControlCharacters(s).length;
  const widths = rows[0]?.map((_c, i) => Math.max(...rows.map((r) => visible(r[i] ?? '')))) ?? [];
  return rows.map((r) =>
    r
      .map((cell, i) => {
        const pad = ' '.repeat(Math.max(0, widths[i]! - visible(cell)));
        return right.includes(i) ? pad + cell : cell + pad;
      })
      .join('  ')
      .trimEnd(),
  );
}
