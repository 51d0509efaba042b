import { MONEY_METRICS, type TargetMetric } from './target.entity.js';

/**
 * The arithmetic of a target's progress, pure: percent reached (actual / value) and pace
 * (序时进度, the share of the year elapsed). Amounts are decimal strings and are computed in
 * hundredths as BigInt, so 18-digit yuan amounts lose nothing.
 */

const DECIMAL = /^(\d+)(?:\.(\d{1,2}))?$/;
const WHOLE = /^\d{1,18}$/;
const MONEY = /^\d{1,18}(\.\d{1,2})?$/;

/** A non-negative decimal string ("1500000.5", "12") in hundredths. */
export function toHundredths(text: string): bigint {
  const match = DECIMAL.exec(text);
  if (!match) throw new Error(`not a non-negative decimal: ${text}`);
  return BigInt(match[1]) * 100n + BigInt((match[2] ?? '').padEnd(2, '0'));
}

/** n / d rounded half up to a whole number (n ≥ 0, d > 0). */
const divideHalfUp = (n: bigint, d: bigint) => (2n * n + d) / (2n * d);

/** actual / value × 100 with one decimal, half up; null when the target is zero. */
export function percentOf(actual: string, value: string): number | null {
  const target = toHundredths(value);
  if (target === 0n) return null;
  return Number(divideHalfUp(toHundredths(actual) * 1000n, target)) / 10;
}

const isLeapYear = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

/**
 * 序时进度: the share of `year` elapsed on `today` (a zone calendar date), in percent with one
 * decimal. Today counts as elapsed (1 January is 1/365 of the way); a past year is 100, a
 * future one 0.
 */
export function paceOf(year: number, today: string): number {
  const current = Number(today.slice(0, 4));
  if (year < current) return 100;
  if (year > current) return 0;
  const dayOfYear = (Date.parse(`${today}T00:00:00Z`) - Date.UTC(year, 0, 1)) / 86_400_000 + 1;
  const days = isLeapYear(year) ? 366 : 365;
  return Number(divideHalfUp(BigInt(dayOfYear) * 1000n, BigInt(days))) / 10;
}

export const isMoneyMetric = (metric: TargetMetric) => MONEY_METRICS.includes(metric);

/** The unit a metric's value is stated in: yuan for money, a count otherwise. */
export const unitOf = (metric: TargetMetric) => (isMoneyMetric(metric) ? 'CNY' : 'count');

/** Why a value does not suit a metric, or null when it does. */
export function valueProblem(metric: TargetMetric, value: string): string | null {
  if (isMoneyMetric(metric)) {
    return MONEY.test(value)
      ? null
      : 'must be a decimal string of yuan such as "270000000000.00" (up to 2 decimals)';
  }
  return WHOLE.test(value) ? null : `must be a whole number string such as "130" for ${metric}`;
}
