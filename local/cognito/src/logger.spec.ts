import { describe, expect, it } from 'vitest';
import { createCapturingLogger } from './testing/capturing-logger.js';

describe('createDefaultLogger', () => {
  it('redacts credential fields wherever they appear', () => {
    // prepare
    const log = createCapturingLogger();

    // act
    log.logger.info(
      {
        password: 'p1',
        body: { client_secret: 's1', refresh_token: 'r1', code: 'c1' },
        headers: { authorization: 'a1' },
      },
      'request',
    );

    // assert
    expect(log.text()).not.toMatch(/p1|s1|r1|c1|a1/);
    expect(log.lines[0]).toMatchObject({ password: '[redacted]', body: { client_secret: '[redacted]' } });
  });
});
