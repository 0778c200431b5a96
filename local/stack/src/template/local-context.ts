/**
 * The context the local stack synthesizes the CDK app with, on top of cdk.json's: its own URLs
 * and the browser origins it allows. It has no dependencies, so that the test run's global setup
 * can synthesize the same templates the stacks under test will ask for.
 */

/**
 * The API's own origin as the template is synthesized with it (callback and sign-out URLs): a
 * reserved name (RFC 2606) that can never be a real host, replaced at start by
 * `http://localhost:<port>` once the port is bound (tests bind 0).
 */
export const API_ORIGIN_PLACEHOLDER = 'https://local-api.invalid';

/**
 * The web app's CloudFront distribution as the local stack reads the template: its domain
 * (`Fn::GetAtt [distribution, DomainName]`) becomes this reserved host, so that the web app's
 * origin (`https://web-app.invalid`) in the CORS origins and the web client's URLs is filled at
 * start with where the local stack serves the web app: the API's own origin.
 */
export const WEB_APP_HOST_PLACEHOLDER = 'web-app.invalid';
export const WEB_APP_ORIGIN_PLACEHOLDER = `https://${WEB_APP_HOST_PLACEHOLDER}`;

/** The context of a local stack that allows `corsOrigins` (none by default). */
export function localSynthContext(corsOrigins: readonly string[]): Record<string, string> {
  return {
    callbackUrls: `${API_ORIGIN_PLACEHOLDER}/callback`,
    logoutUrls: `${API_ORIGIN_PLACEHOLDER}/`,
    corsOrigins: corsOrigins.join(','),
  };
}
