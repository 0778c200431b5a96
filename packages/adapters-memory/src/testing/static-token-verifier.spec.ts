import { UnauthenticatedError } from '@secure-notes/domain';
import { aPrincipal } from '@secure-notes/domain/testing';
import { describe, expect, it } from 'vitest';
import { StaticTokenVerifier } from './static-token-verifier.js';

describe('StaticTokenVerifier', () => {
  it('knows its tokens and tells expired from invalid', async () => {
    const alice = aPrincipal();
    const verifier = new StaticTokenVerifier({ 'alice-token': alice }, ['old-token']);

    await expect(verifier.verify('alice-token')).resolves.toEqual(alice);
    await expect(verifier.verify('old-token')).rejects.toMatchObject({ reason: 'expired' });
    await expect(verifier.verify('forged')).rejects.toBeInstanceOf(UnauthenticatedError);
  });
});
