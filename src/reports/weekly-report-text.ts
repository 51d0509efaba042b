import type { ProjectStage } from '../projects/project.entity.js';
import { STAGE_LABELS } from './weekly-report-data.js';

/** How the workbook and the bulletin write the snapshot's values for people. */

/** An instant in the zone's time: '2026-05-31 23:59'. */
export function zoneTime(iso: string | null, timeZone: string): string {
  if (!iso) return '';
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(iso));
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}`;
}

export const stageLabel = (stage: string) => STAGE_LABELS[stage as ProjectStage] ?? stage;

export const LIGHT_LABELS: Record<string, string> = {
  green: '绿 green',
  yellow: '黄 yellow',
  red: '红 red',
};

export const lightLabel = (light: string | null) => (light ? (LIGHT_LABELS[light] ?? light) : '—');

/** '1500000.00' → '1,500,000.00' (grouping on the string: no float in between). */
export function groupDigits(amount: string): string {
  const [whole, cents] = amount.split('.');
  const sign = whole.startsWith('-') ? '-' : '';
  const digits = whole.replace('-', '').replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}${digits}${cents === undefined ? '' : `.${cents}`}`;
}

/** A signed change: '+3', '-1', '0'. */
export const signed = (n: number | string) => {
  const text = String(n);
  return text.startsWith('-') || /^0(\.0+)?$/.test(text) ? text : `+${text}`;
};

/**
 * An amount as a spreadsheet number when a double holds it to the cent (below 2^53 cents),
 * else as text: a workbook should add up, but never round money.
 */
export function moneyCell(amount: string): number | string {
  const value = Number(amount);
  return Math.abs(value) < Number.MAX_SAFE_INTEGER / 100 ? value : amount;
}
