import { describe, expect, it } from '@jest/globals';
import type { FormulaMeasure } from './assessment.entity.js';
import { ratioOf, round2, scoreOf } from './scoring.js';

/** Version 1 as the migration seeds it. */
const V1: FormulaMeasure[] = [
  { key: 'milestones_on_time', weight: 25 },
  { key: 'investment_verified_vs_plan', weight: 20 },
  { key: 'contracts_honoured', weight: 15 },
  { key: 'starts_and_completions_on_time', weight: 20 },
  { key: 'supervision_closed_in_time', weight: 10 },
  { key: 'targets_on_pace', weight: 10 },
];

const count = (numerator: number, denominator: number) => ({ numerator, denominator });

describe('assessment scoring', () => {
  it('turns counts into ratios capped to 0–1, and a zero denominator into "does not apply"', () => {
    expect(ratioOf(count(3, 4))).toBe(0.75);
    expect(ratioOf(count(0, 4))).toBe(0);
    expect(ratioOf(count(5, 4))).toBe(1);
    expect(ratioOf(count(0, 0))).toBeNull();
    expect(ratioOf(count(3, 0))).toBeNull();
  });

  it('rounds half up to 2 decimals without binary noise', () => {
    expect(round2(66.666666666666)).toBe(66.67);
    expect(round2(1.005)).toBe(1.01);
    expect(round2(28.571428571428573)).toBe(28.57);
    expect(round2(69.23076923076923)).toBe(69.23);
    expect(round2(100)).toBe(100);
    expect(round2(0)).toBe(0);
    expect(round2(0.004999)).toBe(0);
  });

  it('weighs every measure when all apply: Σ weight × ratio / Σ weight × 100', () => {
    const result = scoreOf(
      {
        milestones_on_time: count(2, 4), // 0.5 × 25 = 12.5
        investment_verified_vs_plan: count(500_000, 1_000_000), // 0.5 × 20 = 10
        contracts_honoured: count(1, 2), // 0.5 × 15 = 7.5
        starts_and_completions_on_time: count(1, 1), // 1 × 20 = 20
        supervision_closed_in_time: count(1, 1), // 1 × 10 = 10
        targets_on_pace: count(3, 3), // 1 × 10 = 10
      },
      V1,
    );
    // (12.5 + 10 + 7.5 + 20 + 10 + 10) / 100 × 100 = 70
    expect(result.score).toBe(70);
    expect(result.parts.contracts_honoured).toEqual({
      numerator: 1,
      denominator: 2,
      ratio: 0.5,
      weight: 15,
      points: 7.5,
    });
  });

  it('drops measures with nothing to measure and re-weighs the others', () => {
    const result = scoreOf(
      {
        milestones_on_time: count(1, 1), // 1 × 25 = 25
        investment_verified_vs_plan: count(1_200_000, 1_200_000), // 1 × 20 = 20
        starts_and_completions_on_time: count(0, 1), // 0 × 20 = 0
        supervision_closed_in_time: count(0, 0), // does not apply
      },
      V1,
    );
    // contracts, supervision and targets drop out: 45 / (25 + 20 + 20) × 100 = 69.2307… → 69.23
    expect(result.score).toBe(69.23);
    expect(result.parts.supervision_closed_in_time).toEqual({
      numerator: 0,
      denominator: 0,
      ratio: null,
      weight: 10,
      points: null,
    });
    // a measure the counts do not mention is there too, not applicable
    expect(result.parts.contracts_honoured).toEqual({
      numerator: 0,
      denominator: 0,
      ratio: null,
      weight: 15,
      points: null,
    });
    expect(Object.keys(result.parts).sort()).toEqual(V1.map((m) => m.key).sort());
  });

  it('gives no score when no measure applies, or only measures weighing 0', () => {
    expect(scoreOf({}, V1)).toMatchObject({ score: null });
    const zeroWeight: FormulaMeasure[] = [
      { key: 'milestones_on_time', weight: 0 },
      { key: 'contracts_honoured', weight: 10 },
    ];
    const result = scoreOf({ milestones_on_time: count(1, 2) }, zeroWeight);
    expect(result.score).toBeNull();
    expect(result.parts.milestones_on_time).toMatchObject({ ratio: 0.5, weight: 0, points: 0 });
  });

  it('keeps only the measures of the formula, so a new version changes the score', () => {
    const counts = {
      milestones_on_time: count(2, 4),
      supervision_closed_in_time: count(1, 1),
      starts_and_completions_on_time: count(1, 1),
    };
    // v1: (0.5 × 25 + 1 × 20 + 1 × 10) / (25 + 20 + 10) × 100 = 42.5 / 55 × 100 = 77.2727… → 77.27
    expect(scoreOf(counts, V1).score).toBe(77.27);
    const v2: FormulaMeasure[] = [
      { key: 'milestones_on_time', weight: 50 },
      { key: 'supervision_closed_in_time', weight: 50 },
    ];
    // v2: (0.5 × 50 + 1 × 50) / 100 × 100 = 75
    const result = scoreOf(counts, v2);
    expect(result.score).toBe(75);
    expect(Object.keys(result.parts).sort()).toEqual([
      'milestones_on_time',
      'supervision_closed_in_time',
    ]);
  });

  it('gives the same tie whichever way the same fraction is reached', () => {
    // 60 / 90 and 16.67 / 25 are both 2/3: ranked on the rounded score they tie exactly
    const a = scoreOf(
      {
        milestones_on_time: count(2, 4),
        investment_verified_vs_plan: count(1, 2),
        contracts_honoured: count(1, 2),
        starts_and_completions_on_time: count(1, 1),
        supervision_closed_in_time: count(1, 1),
      },
      V1,
    );
    const b = scoreOf({ milestones_on_time: count(2, 3) }, V1);
    expect([a.score, b.score]).toEqual([66.67, 66.67]);
  });
});
