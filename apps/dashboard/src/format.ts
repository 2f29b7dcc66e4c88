import { formatCount } from './onescale-client';

const dateTime = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });
const date = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' });

/** Times are shown in UTC, as every window in onescale is UTC. */
export const formatTime = (ms: number | null | undefined): string => (ms === null || ms === undefined ? '—' : `${dateTime.format(ms)} UTC`);
export const formatDate = (ms: number | null | undefined): string => (ms === null || ms === undefined ? '—' : date.format(ms));

export const formatMoney = (amount: number, currency = 'USD'): string => {
  try {
    return new Intl.NumberFormat('en-US', { style: 'currency', currency, maximumFractionDigits: 2 }).format(amount);
  } catch {
    return `${amount.toFixed(2)} ${currency}`;
  }
};

export const formatNumber = (n: number | null | undefined): string =>
  n === null || n === undefined ? '—' : Number.isInteger(n) ? formatCount(n) : String(Math.round(n * 100) / 100);

export const formatLimit = (limit: number | null): string => (limit === null ? 'unlimited' : formatNumber(limit));

export const plural = (n: number, word: string): string => `${formatNumber(n)} ${word}${n === 1 ? '' : 's'}`;
