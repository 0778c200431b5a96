import { describe, expect, it } from 'vitest';
import { returnPathOf } from './session.js';

describe('returnPathOf', () => {
  it('returns to the page the person was on', () => {
    expect(returnPathOf({ returnTo: '/notes/01ABC' })).toBe('/notes/01ABC');
  });

  it('never leaves the app or returns to the callback', () => {
    expect(returnPathOf({ returnTo: '//evil.example.com/x' })).toBe('/');
    expect(returnPathOf({ returnTo: 'https://evil.example.com' })).toBe('/');
    expect(returnPathOf({ returnTo: '/callback?code=x' })).toBe('/');
    expect(returnPathOf(undefined)).toBe('/');
  });
});
