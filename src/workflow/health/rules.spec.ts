import { describe, expect, it } from '@jest/globals';
import { assess, type Metrics, ruleLight, type Threshold } from './rules.js';

const DEFAULTS: Threshold[] = [
  { kind: 'no_progress_days', yellowAt: 60, redAt: 90, enabled: true },
  { kind: 'milestone_overdue_days', yellowAt: 1, redAt: 15, enabled: true },
  { kind: 'behind_pace_percent', yellowAt: 15, redAt: 30, enabled: true },
  { kind: 'investment_shortfall_percent', yellowAt: 20, redAt: 40, enabled: true },
];
const NONE: Metrics = {
  no_progress_days: null,
  milestone_overdue_days: null,
  behind_pace_percent: null,
  investment_shortfall_percent: null,
};
const noProgress = DEFAULTS[0];

describe('warning rules', () => {
  it.each([
    [0, 'green'],
    [59, 'green'],
    [60, 'yellow'],
    [61, 'yellow'],
    [89, 'yellow'],
    [90, 'red'],
    [91, 'red'],
  ])('lights %i days without progress %s (yellow at 60, red at 90)', (value, light) => {
    expect(ruleLight(value, noProgress)).toBe(light);
    expect(assess('under_construction', { ...NONE, no_progress_days: value }, DEFAULTS).light).toBe(
      light,
    );
  });

  it('compares decimals exactly at the threshold', () => {
    const pace = DEFAULTS[2];
    expect([14.9, 15, 29.9, 30].map((v) => ruleLight(v, pace))).toEqual([
      'green',
      'yellow',
      'yellow',
      'red',
    ]);
  });

  it('says why, with the value and the threshold crossed', () => {
    const red = assess('signed', { ...NONE, no_progress_days: 93 }, DEFAULTS);
    expect(red.reasons).toEqual([
      {
        kind: 'no_progress_days',
        value: 93,
        yellowAt: 60,
        redAt: 90,
        light: 'red',
        message: 'No progress reported for 93 days (red at 90)',
      },
    ]);
    const metrics: Metrics = {
      no_progress_days: 61,
      milestone_overdue_days: 1,
      behind_pace_percent: 32.5,
      investment_shortfall_percent: 45,
    };
    expect(assess('preparing', metrics, DEFAULTS).reasons.map((r) => r.message)).toEqual([
      '32.5 percentage points behind the planned pace (red at 30)',
      'Verified investment 45% short of the planned pace (red at 40)',
      'No progress reported for 61 days (yellow at 60)',
      'A milestone is 1 day overdue (yellow at 1)',
    ]);
  });

  it('takes the worst light of the rules, listing every rule that fired', () => {
    const result = assess(
      'under_construction',
      { ...NONE, no_progress_days: 70, milestone_overdue_days: 20, behind_pace_percent: 5 },
      DEFAULTS,
    );
    expect(result.light).toBe('red');
    expect(result.reasons.map((r) => [r.kind, r.light])).toEqual([
      ['milestone_overdue_days', 'red'],
      ['no_progress_days', 'yellow'],
    ]);
    expect(result.outcomes.find((o) => o.kind === 'behind_pace_percent')).toEqual({
      kind: 'behind_pace_percent',
      applies: true,
      value: 5,
      light: 'green',
    });
  });

  it('ignores disabled rules and missing ones', () => {
    const disabled = DEFAULTS.map((r) => ({ ...r, enabled: r.kind !== 'no_progress_days' }));
    const metrics = { ...NONE, no_progress_days: 200 };
    expect(assess('signed', metrics, disabled)).toMatchObject({ light: 'green', reasons: [] });
    expect(assess('signed', metrics, DEFAULTS.slice(1)).light).toBe('green');
  });

  it('never fires a null threshold: no yellow step, or no red at all', () => {
    const straightToRed = { ...noProgress, yellowAt: null };
    expect([59, 89, 90].map((v) => ruleLight(v, straightToRed))).toEqual(['green', 'green', 'red']);
    const neverRed = { ...noProgress, redAt: null };
    expect([59, 60, 1000].map((v) => ruleLight(v, neverRed))).toEqual([
      'green',
      'yellow',
      'yellow',
    ]);
    expect(ruleLight(1000, { ...noProgress, yellowAt: null, redAt: null })).toBe('green');
    expect(ruleLight(null, noProgress)).toBeNull();
  });

  it('measures pace and money only from signed to under construction', () => {
    const behind = { ...NONE, behind_pace_percent: 50, investment_shortfall_percent: 80 };
    expect(assess('negotiating', behind, DEFAULTS)).toMatchObject({ light: 'green', reasons: [] });
    expect(assess('signed', behind, DEFAULTS).reasons.map((r) => r.kind)).toEqual([
      'behind_pace_percent',
      'investment_shortfall_percent',
    ]);
    const silent = { ...NONE, no_progress_days: 100 };
    expect(assess('lead', silent, DEFAULTS).light).toBe('red');
  });

  it.each(['completed', 'in_operation', 'on_hold', 'dropped'] as const)(
    'gives no light at all to a project %s',
    (stage) => {
      const worst = { ...NONE, no_progress_days: 500, milestone_overdue_days: 100 };
      expect(assess(stage, worst, DEFAULTS)).toMatchObject({ light: null, reasons: [] });
    },
  );

  it('leaves a project green when no rule has anything to measure', () => {
    expect(assess('signed', NONE, DEFAULTS)).toMatchObject({ light: 'green', reasons: [] });
  });
});
