import type { FormulaMeasure, MeasureKey } from './assessment.entity.js';

/**
 * Scores from counts. Pure: the repository counts, this turns counts into ratios, points and a
 * score by the formula's weights.
 *
 * Each measure is a ratio numerator / denominator (0–1) for the period, or does not apply when
 * the denominator is 0. The score is Σ weight × ratio over the measures that apply, divided by
 * Σ of their weights, × 100, rounded to 2 decimals: a measure with nothing to measure drops out
 * and the others are re-weighted. No measure applies (or only ones weighing 0): no score (null).
 */

export interface MeasureCount {
  numerator: number;
  denominator: number;
}

export type MeasureCounts = Partial<Record<MeasureKey, MeasureCount>>;

/** One measure of one score, kept with the score so a reader can redo the arithmetic. */
export interface MeasurePart {
  numerator: number;
  denominator: number;
  /** numerator / denominator, capped to 0–1; null: does not apply this period */
  ratio: number | null;
  weight: number;
  /** weight × ratio; null when the measure does not apply */
  points: number | null;
}

export type ScoreParts = Partial<Record<MeasureKey, MeasurePart>>;

export interface ComputedScore {
  score: number | null;
  parts: ScoreParts;
}

const NOTHING: MeasureCount = { numerator: 0, denominator: 0 };

/** numerator / denominator capped to [0, 1]; null when the denominator is not positive. */
export function ratioOf({ numerator, denominator }: MeasureCount): number | null {
  if (!(denominator > 0)) return null;
  return Math.min(1, Math.max(0, numerator / denominator));
}

/**
 * Half up to 2 decimals. The product is first cut to 15 significant digits so binary noise
 * (1.005 × 100 = 100.49999999999999) does not round the wrong way.
 */
export function round2(value: number): number {
  return Math.round(Number((value * 100).toPrecision(15))) / 100;
}

/** The score of one subject under a formula, with one part per measure of the formula. */
export function scoreOf(counts: MeasureCounts, measures: readonly FormulaMeasure[]): ComputedScore {
  const parts: ScoreParts = {};
  let weights = 0;
  let points = 0;
  for (const { key, weight } of measures) {
    const count = counts[key] ?? NOTHING;
    const ratio = ratioOf(count);
    const earned = ratio === null ? null : weight * ratio;
    parts[key] = {
      numerator: count.numerator,
      denominator: count.denominator,
      ratio,
      weight,
      points: earned,
    };
    if (earned !== null) {
      weights += weight;
      points += earned;
    }
  }
  return { score: weights > 0 ? round2((points / weights) * 100) : null, parts };
}
