import { describe, expect, it } from '@jest/globals';
import { longestMatch } from './openapi-bounds.js';

describe('longestMatch', () => {
  it.each([
    [/^[A-Z]{3}$/, 3],
    [/^[a-z_]{1,50}$/, 50],
    [/^\d{1,18}(\.\d{1,2})?$/, 21],
    [/^\d{4}-W\d{2}$/, 8],
    [/^(?:ab|c)d$/, 3],
  ])('bounds %s at %i characters', (pattern, length) => {
    expect(longestMatch(pattern.source)).toBe(length);
  });

  it.each([/^a+$/, /^\w*$/, /abc/, /^[a-z]{2,}$/])('gives no bound for %s', (pattern) => {
    expect(longestMatch(pattern.source)).toBeUndefined();
  });
});
