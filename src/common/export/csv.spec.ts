import { describe, expect, it } from '@jest/globals';
import { csvCell, csvLine } from './csv.js';

describe('CSV cells', () => {
  it('quotes commas, quotes and line breaks, and doubles inner quotes', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
  });

  it('writes nothing for null, joins plain arrays, JSON for objects, ISO for dates', () => {
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(['provincial', 'municipal'])).toBe('provincial;municipal');
    expect(csvCell([{ name: 'Zhang' }])).toBe('"[{""name"":""Zhang""}]"');
    expect(csvCell(new Date('2026-05-31T16:00:00Z'))).toBe('2026-05-31T16:00:00.000Z');
    expect(csvCell(12.5)).toBe('12.5');
    expect(csvCell(false)).toBe('false');
  });

  it('keeps formula-like text from running in a spreadsheet', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('+86 631')).toBe("'+86 631");
    expect(csvCell('-5')).toBe("'-5");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    // numbers and money strings that are numbers are not formulas
    expect(csvCell(-5)).toBe('-5');
  });

  it('keeps Chinese text as is and ends lines with CRLF', () => {
    expect(csvLine(['威海高新区', '1500000.00'])).toBe('威海高新区,1500000.00\r\n');
  });
});
