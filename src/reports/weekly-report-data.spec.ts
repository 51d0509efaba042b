import { describe, expect, it } from '@jest/globals';
import { computeDeltas, fromCents, type KeyNumbers, toCents } from './weekly-report-data.js';

const numbers = (overrides: Partial<KeyNumbers> = {}): KeyNumbers => ({
  visits: 0,
  events: 0,
  contracts: 0,
  stageChanges: 0,
  milestonesCompleted: 0,
  milestonesOverdue: 0,
  supervisionOpened: 0,
  supervisionClosed: 0,
  lightChanges: 0,
  redProjects: 0,
  projects: 0,
  contractAmount: [],
  investmentVerified: [],
  ...overrides,
});

describe('weekly report deltas', () => {
  it('does money in cents, beyond what a double holds', () => {
    expect(toCents('1500000.25')).toBe(150000025n);
    expect(toCents('7.5')).toBe(750n);
    expect(fromCents(toCents('999999999999999999.99') - toCents('0.01'))).toBe(
      '999999999999999999.98',
    );
    expect(fromCents(-5n)).toBe('-0.05');
  });

  it('compares each number and each currency with the previous report', () => {
    const deltas = computeDeltas(
      numbers({
        contracts: 3,
        redProjects: 1,
        contractAmount: [{ currency: 'CNY', amount: '100.10' }],
      }),
      numbers({
        contracts: 5,
        redProjects: 1,
        contractAmount: [{ currency: 'USD', amount: '20.00' }],
      }),
    );
    expect(deltas?.contracts).toEqual({ current: 3, previous: 5, change: -2 });
    expect(deltas?.redProjects).toEqual({ current: 1, previous: 1, change: 0 });
    expect(deltas?.contractAmount).toEqual([
      { currency: 'CNY', current: '100.10', previous: '0.00', change: '100.10' },
      { currency: 'USD', current: '0.00', previous: '20.00', change: '-20.00' },
    ]);
    expect(deltas?.investmentVerified).toEqual([]);
  });

  it('has no deltas without a previous report, and counts numbers it lacks as 0', () => {
    expect(computeDeltas(numbers(), null)).toBeNull();
    expect(computeDeltas(numbers({ visits: 2 }), { contracts: 1 })?.visits).toEqual({
      current: 2,
      previous: 0,
      change: 2,
    });
  });
});
