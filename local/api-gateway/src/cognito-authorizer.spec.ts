import { describe, expect, it } from 'vitest';
import { claimsAsStrings, javaDateOf } from './cognito-authorizer.js';

describe('claimsAsStrings', () => {
  it('passes every claim as a string, as the Cognito authorizer does', () => {
    const claims = claimsAsStrings({
      sub: 'd2f50444-0041-7036-aea2-a955fca33d37',
      token_use: 'id',
      email_verified: true,
      auth_time: 1718636404,
      exp: 1718722804,
      iat: 1718636404,
      'cognito:groups': ['admin', 'editors'],
      address: { country: 'GB' },
      nothing: null,
    });

    expect(claims).toEqual({
      sub: 'd2f50444-0041-7036-aea2-a955fca33d37',
      token_use: 'id',
      email_verified: 'true',
      auth_time: '1718636404',
      exp: 'Tue Jun 18 15:00:04 UTC 2024',
      iat: 'Mon Jun 17 15:00:04 UTC 2024',
      'cognito:groups': 'admin,editors',
      address: '{"country":"GB"}',
    });
  });

  it('pads the day of the month as Java does', () => {
    expect(javaDateOf(Date.UTC(2026, 2, 4, 9, 5, 7) / 1000)).toBe('Wed Mar 04 09:05:07 UTC 2026');
  });
});
