import { TOKENS } from '@secure-notes/container';
import { ContainerModule } from 'inversify';
import { CognitoTokenVerifier, type CognitoTokenVerifierConfig } from './cognito-token-verifier.js';

/** The module, with the verifier it binds, so that the app can `hydrate()` it before serving. */
export interface CognitoModule extends ContainerModule {
  readonly verifier: CognitoTokenVerifier;
}

/**
 * Binds `TOKENS.TokenVerifier` to one `CognitoTokenVerifier` (a constant: its key cache lives as
 * long as the process). Give it a config, or a verifier you built yourself.
 *
 * @example
 * const cognito = cognitoModule(cognitoTokenVerifierConfigFromEnv(process.env));
 * container.load(notesModule, cognito);
 * await cognito.verifier.hydrate(); // once, at start
 */
export function cognitoModule(source: CognitoTokenVerifierConfig | CognitoTokenVerifier): CognitoModule {
  const verifier = source instanceof CognitoTokenVerifier ? source : new CognitoTokenVerifier(source);
  const module = new ContainerModule(({ bind }) => {
    bind(TOKENS.TokenVerifier).toConstantValue(verifier);
  });
  return Object.assign(module, { verifier });
}
