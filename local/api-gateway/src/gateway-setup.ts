/**
 * What a gateway's options describe, built once at its start: its functions (each a pool of
 * instances) and its authorizers. A name that does not resolve fails the start, naming the
 * route or authorizer that used it.
 */
import type { Authorizer } from './authorizers.js';
import { CognitoUserPoolAuthorizer } from './cognito-authorizer.js';
import { LambdaFunction } from './lambda/lambda-function.js';
import { LambdaAuthorizer } from './lambda-authorizer.js';
import type { LocalApiGatewayOptions } from './local-api-gateway.js';

/** The function of that name; throws, naming `usedBy`, when there is none. */
export type FunctionNamed = (name: string, usedBy: string) => LambdaFunction;

/** One `LambdaFunction` per configured function, by name, and a lookup that names who asked for a missing one. */
export function startFunctions(
  options: Pick<LocalApiGatewayOptions, 'functions' | 'functionLog'>,
  region: string,
  accountId: string,
): { functions: Map<string, LambdaFunction>; functionNamed: FunctionNamed } {
  const functions = new Map<string, LambdaFunction>();
  for (const config of options.functions) {
    if (functions.has(config.name)) throw new Error(`Two functions are named ${config.name}`);
    functions.set(
      config.name,
      new LambdaFunction(
        { region, accountId, ...config },
        options.functionLog === undefined ? {} : { log: options.functionLog },
      ),
    );
  }
  const functionNamed: FunctionNamed = (name, usedBy) => {
    const fn = functions.get(name);
    if (fn === undefined)
      throw new Error(`${usedBy} names the function ${name}, which is not among the gateway's functions`);
    return fn;
  };
  return { functions, functionNamed };
}

/** Each authorizer by name; a Lambda authorizer gets its function from `functionNamed`. */
export function startAuthorizers(
  options: Pick<LocalApiGatewayOptions, 'authorizers' | 'fetch' | 'now' | 'onEvent'>,
  functionNamed: FunctionNamed,
): Map<string, Authorizer> {
  const authorizers = new Map<string, Authorizer>();
  for (const [name, definition] of Object.entries(options.authorizers ?? {})) {
    if (definition.type === 'COGNITO_USER_POOLS') {
      authorizers.set(
        name,
        new CognitoUserPoolAuthorizer(definition, options.fetch === undefined ? {} : { fetch: options.fetch }),
      );
    } else {
      authorizers.set(
        name,
        new LambdaAuthorizer(definition, functionNamed(definition.function, `The authorizer ${name}`), {
          ...(options.now === undefined ? {} : { now: options.now }),
          onEvent: (event) => options.onEvent?.({ kind: 'authorizer', function: definition.function, event }),
        }),
      );
    }
  }
  return authorizers;
}
