/**
 * The reader of a user pool's app client: its flows, scopes (a resource server's scope resolved
 * to `identifier/scope`), URLs, token validity and sign-in settings.
 */
import type { ResourceRef, TemplateAppClient } from './template-model.js';
import { asObject, fail, onlyKnown, type Props, refOf, text, texts, whole } from './template-values.js';

export function readClient(
  ref: ResourceRef,
  props: Props,
  resourceServers: ReadonlyMap<string, string>,
): TemplateAppClient {
  onlyKnown(ref, props, [
    'AccessTokenValidity',
    'AllowedOAuthFlows',
    'AllowedOAuthFlowsUserPoolClient',
    'AllowedOAuthScopes',
    'AuthSessionValidity',
    'CallbackURLs',
    'ClientName',
    'DefaultRedirectURI',
    'EnableTokenRevocation',
    'ExplicitAuthFlows',
    'GenerateSecret',
    'IdTokenValidity',
    'LogoutURLs',
    'PreventUserExistenceErrors',
    'RefreshTokenValidity',
    'SupportedIdentityProviders',
    'TokenValidityUnits',
    'UserPoolId',
  ]);
  // A resource server scope is `{ Fn::Join: ['', [{ Ref: server }, '/read']] }`: `Ref` is its identifier.
  const scopes = (Array.isArray(props.AllowedOAuthScopes) ? props.AllowedOAuthScopes : []).map((scope) => {
    if (typeof scope === 'string') return scope;
    const join = asObject(scope)?.['Fn::Join'];
    const parts = Array.isArray(join) && Array.isArray(join[1]) ? join[1] : [];
    return parts
      .map((part) =>
        typeof part === 'string'
          ? part
          : (resourceServers.get(refOf(part) ?? '') ??
            fail(ref, `scope ${JSON.stringify(scope)} names no resource server`)),
      )
      .join('');
  });
  const validity = (key: string) => (props[key] === undefined ? {} : { [key]: whole(ref, props, key) });
  return {
    ...ref,
    name: text(ref, props, 'ClientName'),
    generateSecret: props.GenerateSecret === true,
    oauthFlows: texts(ref, props, 'AllowedOAuthFlows'),
    oauthScopes: scopes,
    explicitAuthFlows: texts(ref, props, 'ExplicitAuthFlows'),
    callbackUrls: texts(ref, props, 'CallbackURLs'),
    logoutUrls: texts(ref, props, 'LogoutURLs'),
    supportedIdentityProviders: texts(ref, props, 'SupportedIdentityProviders'),
    enableTokenRevocation: props.EnableTokenRevocation !== false,
    preventUserExistenceErrors: props.PreventUserExistenceErrors === 'ENABLED',
    tokenValidity: {
      ...(props.AccessTokenValidity === undefined
        ? {}
        : { accessToken: validity('AccessTokenValidity').AccessTokenValidity }),
      ...(props.IdTokenValidity === undefined ? {} : { idToken: validity('IdTokenValidity').IdTokenValidity }),
      ...(props.RefreshTokenValidity === undefined
        ? {}
        : { refreshToken: validity('RefreshTokenValidity').RefreshTokenValidity }),
      ...(asObject(props.TokenValidityUnits) === undefined
        ? {}
        : { units: asObject(props.TokenValidityUnits) as Record<string, string> }),
    },
  };
}
