import { describe, expect, it } from '@jest/globals';
import { paceOf, percentOf, toHundredths, unitOf, valueProblem } from './target-progress.js';

describe('target progress', () => {
  describe('percentOf', () => {
    it('divides actual by value with one decimal, rounding half up', () => {
      expect(percentOf('46000000.00', '100000000.00')).toBe(46);
      expect(percentOf('1', '3')).toBe(33.3);
      expect(percentOf('2', '3')).toBe(66.7);
      expect(percentOf('1', '8')).toBe(12.5);
      expect(percentOf('1', '16')).toBe(6.3); // 6.25 → 6.3, half up
    });

    it('goes past 100 when the target is beaten, and is 0 with nothing done', () => {
      expect(percentOf('150', '100')).toBe(150);
      expect(percentOf('0.00', '270000000000.00')).toBe(0);
    });

    it('is null for a zero target (no percentage of nothing)', () => {
      expect(percentOf('5', '0')).toBeNull();
      expect(percentOf('0', '0.00')).toBeNull();
    });

    it('keeps 18-digit yuan amounts exact', () => {
      expect(percentOf('999999999999999999.99', '999999999999999999.99')).toBe(100);
      expect(toHundredths('123456789012345678.91')).toBe(12345678901234567891n);
      expect(toHundredths('7.5')).toBe(750n);
    });
  });

  describe('paceOf', () => {
    it('is 100 for a past year and 0 for a future one', () => {
      expect(paceOf(2025, '2026-03-01')).toBe(100);
      expect(paceOf(2027, '2026-12-31')).toBe(0);
    });

    it('counts today as elapsed: 1 January is one day of the year', () => {
      expect(paceOf(2026, '2026-01-01')).toBe(0.3); // 1/365
      expect(paceOf(2026, '2026-12-31')).toBe(100);
    });

    it('is the share of days elapsed, one decimal', () => {
      expect(paceOf(2026, '2026-07-02')).toBe(50.1); // day 183 of 365 = 50.14
      expect(paceOf(2026, '2026-06-30')).toBe(49.6); // day 181 = 49.59
      expect(paceOf(2026, '2026-03-01')).toBe(16.4); // day 60 = 16.44
    });

    it('knows leap years have 366 days', () => {
      expect(paceOf(2024, '2024-03-01')).toBe(16.7); // day 61 of 366 = 16.67
      expect(paceOf(2024, '2024-12-31')).toBe(100);
      expect(paceOf(2100, '2100-03-01')).toBe(16.4); // 2100 is not a leap year
    });
  });

  describe('values and units', () => {
    it('takes decimal yuan for money metrics and whole numbers for counts', () => {
      expect(valueProblem('investment_verified', '270000000000.00')).toBeNull();
      expect(valueProblem('contract_amount', '1.5')).toBeNull();
      expect(valueProblem('rd_investment', '1.555')).toMatch(/decimal/);
      expect(valueProblem('rd_investment', '-1')).toMatch(/decimal/);
      expect(valueProblem('leading_enterprises', '130')).toBeNull();
      expect(valueProblem('leading_enterprises', '130.5')).toMatch(/whole number/);
      expect(valueProblem('projects_started', '12.00')).toMatch(/whole number/);
    });

    it('states money in CNY and the rest as a count', () => {
      expect(unitOf('industrial_output')).toBe('CNY');
      expect(unitOf('contracts_signed')).toBe('count');
    });
  });
});
