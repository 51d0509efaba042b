import { describe, expect, it } from '@jest/globals';
import { hashTaggedPrefix, hashTagOf } from './queue-prefix.js';

describe('the Redis key prefix', () => {
  it.each([
    ['zone', '{zone}'],
    ['{zone}', '{zone}'],
    ['{zt-abc}-crash', '{zt-abc}-crash'],
    ['zone:{eu}', 'zone:{eu}'],
    // an empty tag is no tag to Redis Cluster
    ['zone{}', '{zone{}}'],
  ])('wraps %s as %s', (given, expected) => {
    expect(hashTaggedPrefix(given)).toBe(expected);
  });

  it('puts every key under the prefix in the slot of the tag', () => {
    const prefix = hashTaggedPrefix('zone');
    for (const key of [`${prefix}:reminders:wait`, `${prefix}:login-fail:1.2.3.4`]) {
      expect(hashTagOf(key)).toBe('zone');
    }
    expect(hashTagOf('zone:reminders:wait')).toBeNull();
    expect(hashTagOf('{}zone')).toBeNull();
  });
});
