/**
 * The app's runtime configuration, fetched from `/config.json` on the app's own origin before
 * anything renders. Nothing about a deployment is baked into the build: the same files serve the
 * local stack and every deployed stage, and whoever serves them writes config.json beside them
 * with `webAppConfig` from @secure-notes/http-api. The OIDC endpoints come in the file, so the
 * app never fetches a discovery document from the issuer (another origin, which the CSP does
 * not allow).
 */
import type { WebAppConfig } from '@secure-notes/http-api';
import * as z from 'zod/mini';

const url = z.url({ protocol: /^https?$/ });

export const AppConfigSchema = z.object({
  /** Where the API's routes start: `https://abc.execute-api.eu-west-1.amazonaws.com/dev`. */
  apiUrl: url,
  /** The app client's id (the public client: no secret). */
  clientId: z.string().check(z.minLength(1)),
  /** The token issuer, `https://cognito-idp.<region>.amazonaws.com/<pool id>`. */
  authority: url,
  /** The managed login domain, `https://<prefix>.auth.<region>.amazoncognito.com`. */
  loginUrl: url,
  /** Where the managed login sends the code; registered on the client. */
  redirectUri: url,
  /** Where /logout sends the browser afterwards; registered on the client. */
  signOutRedirectUri: url,
  /** The OIDC endpoints, handed to oidc-client-ts in place of a discovery document. */
  metadata: z.object({
    issuer: url,
    authorization_endpoint: url,
    token_endpoint: url,
    userinfo_endpoint: url,
    revocation_endpoint: url,
    end_session_endpoint: url,
    jwks_uri: url,
  }),
});

/** The shape whoever serves the app writes (`WebAppConfig` in @secure-notes/http-api/web). */
export type AppConfig = z.infer<typeof AppConfigSchema>;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Holds<T extends true> = T;
/** Fails the type check when the schema and the shared `WebAppConfig` disagree about a field. */
// biome-ignore lint/correctness/noUnusedVariables: a check for the compiler; nothing reads it at run time
type ConfigMatchesWhatServersWrite = Holds<Same<AppConfig, WebAppConfig>>;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Fetches and checks `/config.json`; a wrong file names the fields at fault. */
export async function loadConfig(fetchFn: typeof fetch = fetch): Promise<AppConfig> {
  let response: Response;
  try {
    response = await fetchFn('/config.json', { cache: 'no-store' });
  } catch (cause) {
    throw new ConfigError('The app could not load its configuration (/config.json): the network failed.', { cause });
  }
  if (!response.ok) {
    throw new ConfigError(`The app could not load its configuration: /config.json answered ${response.status}.`);
  }
  const parsed = AppConfigSchema.safeParse(await response.json().catch(() => undefined));
  if (!parsed.success) {
    const fields = parsed.error.issues.map((issue) => issue.path.join('.') || '(the file)').join(', ');
    throw new ConfigError(`The app's configuration (/config.json) is not valid: check ${fields}.`);
  }
  return parsed.data;
}
