import { describe, expect, it } from '@jest/globals';
import {
  formatAmount,
  formatLevels,
  parseAmount,
  parseCode,
  parseCurrency,
  parseDate,
  parseLevels,
} from './cell-values.js';
import { matchHeader } from './column-map.js';

describe('parseAmount', () => {
  it('converts 万元 and 亿元 exactly, in decimal arithmetic', () => {
    expect(parseAmount('1.2345', '亿元')).toEqual({ value: '123450000.00' });
    expect(parseAmount('150000', '万元')).toEqual({ value: '1500000000.00' });
    expect(parseAmount('0.000001', '亿元')).toEqual({ value: '100.00' });
    expect(parseAmount('12.345678', '万元')).toEqual({ value: '123456.78' });
    // a float would give 0.30000000000000004
    expect(parseAmount('0.3', 'yuan')).toEqual({ value: '0.30' });
    expect(parseAmount(0.1 + 0.2, 'yuan')).toEqual({
      error: '"0.30000000000000004" 元 is not a whole number of fen (分)',
    });
  });

  it('reads numbers from cells, thousands separators, full-width digits and exponents', () => {
    expect(parseAmount(14387.715, '万元')).toEqual({ value: '143877150.00' });
    expect(parseAmount('1,234,567.5', 'yuan')).toEqual({ value: '1234567.50' });
    expect(parseAmount('１２３．４', 'yuan')).toEqual({ value: '123.40' });
    expect(parseAmount(1e-10, '亿元')).toEqual({ value: '0.01' });
    expect(parseAmount('2.5E3', 'yuan')).toEqual({ value: '2500.00' });
    expect(parseAmount('', 'yuan')).toEqual({ value: null });
    expect(parseAmount(null, '万元')).toEqual({ value: null });
  });

  it('refuses what is not a whole number of fen, negative or too large, or not a number', () => {
    expect(parseAmount('1.00000000001', '亿元')).toEqual({
      error: '"1.00000000001" 亿元 is not a whole number of fen (分)',
    });
    expect(parseAmount('0.001', 'yuan')).toHaveProperty('error');
    expect(parseAmount('-5', 'yuan')).toEqual({ error: '"-5" must not be negative' });
    expect(parseAmount('-0', 'yuan')).toEqual({ value: '0.00' });
    expect(parseAmount('99999999999', '亿元')).toEqual({
      error: '"99999999999" 亿元 is too large',
    });
    expect(parseAmount('999999999999999999.99', 'yuan')).toEqual({
      value: '999999999999999999.99',
    });
    for (const bad of ['abc', '1.2.3', '12万', '.', '1,23'])
      expect(parseAmount(bad, 'yuan')).toHaveProperty('error');
    expect(parseAmount(new Date(), 'yuan')).toHaveProperty('error');
  });

  it('formats yuan back into any unit exactly: formatAmount ∘ parseAmount is the identity', () => {
    expect(formatAmount('123450000.00', '亿元')).toBe('1.2345');
    expect(formatAmount('1500000000.25', '万元')).toBe('150000.000025');
    expect(formatAmount('0.01', '亿元')).toBe('0.0000000001');
    expect(formatAmount('1000000.00', '万元')).toBe('100');
    expect(formatAmount('5.00', 'yuan')).toBe('5.00');
    for (const yuan of ['0.00', '0.01', '123456.78', '999999999999999999.99']) {
      for (const unit of ['yuan', '万元', '亿元'] as const) {
        expect(parseAmount(formatAmount(yuan, unit), unit)).toEqual({ value: yuan });
      }
    }
  });
});

describe('parseDate', () => {
  it('reads the forms registers use', () => {
    const cases: [string, string][] = [
      ['2026-05-31', '2026-05-31'],
      ['2026/5/3', '2026-05-03'],
      ['2026.5.3', '2026-05-03'],
      ['2026年5月31日', '2026-05-31'],
      ['2026 年 5 月 31 日', '2026-05-31'],
      ['20260531', '2026-05-31'],
      ['2026-05', '2026-05-01'],
      ['2026.05', '2026-05-01'],
      ['2026年5月', '2026-05-01'],
      ['2026-05-31 00:00:00', '2026-05-31'],
      ['2026-05-31T00:00:00.000Z', '2026-05-31'],
      ['２０２６－０５－３１', '2026-05-31'],
    ];
    for (const [text, date] of cases)
      expect({ text, ...parseDate(text) }).toEqual({ text, value: date });
  });

  it('reads Excel date cells, serials and numbers typed as year.month', () => {
    expect(parseDate(new Date(Date.UTC(2026, 0, 10)))).toEqual({ value: '2026-01-10' });
    expect(parseDate(46082)).toEqual({ value: '2026-03-01' });
    expect(parseDate(46082.75)).toEqual({ value: '2026-03-01' });
    expect(parseDate(20270101)).toEqual({ value: '2027-01-01' });
    expect(parseDate(2026.05)).toEqual({ value: '2026-05-01' });
    expect(parseDate(2026.12)).toEqual({ value: '2026-12-01' });
    // 2026.10 typed into a number cell is 2026.1: January or October?
    expect(parseDate(2026.1)).toHaveProperty('error');
    expect(parseDate(2026)).toEqual({ error: '"2026" is a year: give the month too (2026.05)' });
  });

  it('refuses dates that do not exist or are out of range', () => {
    expect(parseDate('2026-02-30')).toEqual({ error: '"2026-02-30" is not a real date' });
    expect(parseDate('2026-13')).toHaveProperty('error');
    expect(parseDate('1850-01-01')).toHaveProperty('error');
    expect(parseDate('next spring')).toHaveProperty('error');
    expect(parseDate('')).toEqual({ value: null });
  });
});

describe('parseLevels, parseCurrency, parseCode', () => {
  it('reads levels as a set in the stored order, whatever the separator', () => {
    expect(parseLevels('市级、省级')).toEqual({ value: ['provincial', 'municipal'] });
    expect(parseLevels('省级，市级；区级')).toEqual({
      value: ['provincial', 'municipal', 'district'],
    });
    expect(parseLevels('国家级,省级,省级')).toEqual({ value: ['national', 'provincial'] });
    expect(parseLevels('县级')).toEqual({ value: ['district'] });
    expect(parseLevels('省重点项目/市重点项目')).toEqual({ value: ['provincial', 'municipal'] });
    expect(parseLevels('Provincial;municipal')).toEqual({ value: ['provincial', 'municipal'] });
    expect(parseLevels(null)).toEqual({ value: [] });
    expect(parseLevels('省级、部级')).toEqual({
      error: '"部级" is not a level (国家级, 省级, 市级, 区级, 县级)',
    });
    expect(formatLevels(['district', 'national'])).toBe('国家级、区级');
  });

  it('reads currencies by code or name, empty as CNY', () => {
    expect(parseCurrency('人民币')).toEqual({ value: 'CNY' });
    expect(parseCurrency('美元')).toEqual({ value: 'USD' });
    expect(parseCurrency('eur')).toEqual({ value: 'EUR' });
    expect(parseCurrency(null)).toEqual({ value: 'CNY' });
    expect(parseCurrency('dollars')).toHaveProperty('error');
  });

  it('takes codes as the API does, full-width letters made ASCII', () => {
    expect(parseCode('ＷＨ－２０２６－００１')).toEqual({ value: 'WH-2026-001' });
    expect(parseCode(2024001)).toEqual({ value: '2024001' });
    expect(parseCode('项目一')).toHaveProperty('error');
  });
});

describe('matchHeader', () => {
  it('reads Chinese and English headers, their units and years', () => {
    expect(matchHeader('总投资（亿元）')).toMatchObject({
      column: { field: 'plannedInvestment' },
      unit: '亿元',
    });
    expect(matchHeader('总投资(万元)')).toMatchObject({ unit: '万元' });
    expect(matchHeader('总投资\n（单位：万元）')).toMatchObject({ unit: '万元' });
    expect(matchHeader('计划总投资万元')).toMatchObject({
      column: { field: 'plannedInvestment' },
      unit: '万元',
    });
    expect(matchHeader('2026年计划投资')).toMatchObject({
      column: { field: 'annualPlannedInvestment' },
    });
    expect(matchHeader('planned_investment')).toMatchObject({
      column: { field: 'plannedInvestment' },
    });
    expect(matchHeader('PlannedInvestment (yuan)')).toMatchObject({ unit: 'yuan' });
    expect(matchHeader('*项目名称')).toMatchObject({ column: { field: 'name' } });
    expect(matchHeader('县级')).toBeUndefined();
    expect(matchHeader('项目名称(万元)')).toBeUndefined();
    expect(matchHeader('已完成投资(万元)')).toEqual({
      kind: 'exportOnly',
      key: 'realizedInvestment',
    });
  });
});
