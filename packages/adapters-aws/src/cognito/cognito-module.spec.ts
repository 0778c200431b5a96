import { TOKENS } from '@secure-notes/container';
import { Container } from 'inversify';
import { describe, expect, it } from 'vitest';
import { cognitoModule } from './cognito-module.js';
import { CognitoTokenVerifier } from './cognito-token-verifier.js';

const config = { userPoolId: 'us-east-1_AbC123xyz', clientIds: ['abc123'] };

describe('cognitoModule', () => {
  it('binds the token verifier port to the one verifier it exposes for hydrate()', () => {
    // prepare
    const container = new Container();
    const module = cognitoModule(config);

    // act
    container.load(module);

    // assert
    expect(module.verifier).toBeInstanceOf(CognitoTokenVerifier);
    expect(container.get(TOKENS.TokenVerifier)).toBe(module.verifier);
    expect(container.get(TOKENS.TokenVerifier)).toBe(container.get(TOKENS.TokenVerifier));
  });

  it('binds a verifier built elsewhere as it is', () => {
    // prepare
    const verifier = new CognitoTokenVerifier(config);
    const container = new Container();

    // act
    container.load(cognitoModule(verifier));

    // assert
    expect(container.get(TOKENS.TokenVerifier)).toBe(verifier);
  });
});
