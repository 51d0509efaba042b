import { describe, expect, it } from '@jest/globals';
import { dateInZone } from './zone-date.js';

describe('dateInZone', () => {
  it('starts the day at midnight in the zone, not in UTC', () => {
    // 2026-05-31T16:00Z is already June 1st in Shanghai (UTC+8), still May 31st in UTC
    const instant = new Date('2026-05-31T16:00:00Z');
    expect(dateInZone(instant, 'Asia/Shanghai')).toBe('2026-06-01');
    expect(dateInZone(instant, 'UTC')).toBe('2026-05-31');
    expect(dateInZone(new Date('2026-05-31T15:59:59Z'), 'Asia/Shanghai')).toBe('2026-05-31');
  });
});
