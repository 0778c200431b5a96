import { describe, expect, it } from 'vitest';
import { addressKey } from './rate-limits.js';

describe('addressKey', () => {
  it('keys an IPv4 address by itself, and an IPv4-mapped IPv6 address by the IPv4 address it carries', () => {
    expect(addressKey('203.0.113.7')).toBe('ip:203.0.113.7');
    expect(addressKey('::ffff:203.0.113.7')).toBe('ip:203.0.113.7');
  });

  it('keys an IPv6 address by its /64, so one subscriber cannot take a fresh address per request', () => {
    const one = addressKey('2001:db8:1:2:aaaa::1');
    const sameNetwork = addressKey('2001:0db8:0001:0002:ffff:ffff:ffff:ffff');
    const otherNetwork = addressKey('2001:db8:1:3::1');

    expect(one).toBe('ip:2001:db8:1:2::/64');
    expect(sameNetwork).toBe(one);
    expect(otherNetwork).not.toBe(one);
  });

  it('keeps what is not an address as it is, so it is still counted', () => {
    expect(addressKey(undefined)).toBe('ip:unknown');
    expect(addressKey('not-an-address')).toBe('ip:not-an-address');
  });
});
