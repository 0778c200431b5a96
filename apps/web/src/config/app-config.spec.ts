import { webAppConfig } from '@secure-notes/http-api';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './app-config.js';

const valid = webAppConfig({
  apiUrl: 'https://api.example.com/dev',
  issuer: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_x',
  loginOrigin: 'https://notes.auth.eu-west-1.amazoncognito.com',
  clientId: 'abc123',
  webOrigin: 'https://app.example.com',
});

function serving(status: number, body: unknown): typeof fetch {
  return async () => new Response(JSON.stringify(body), { status });
}

describe('loadConfig', () => {
  it('reads the runtime configuration from /config.json', async () => {
    await expect(loadConfig(serving(200, valid))).resolves.toEqual(valid);
  });

  it('names the fields a wrong file gets wrong', async () => {
    await expect(loadConfig(serving(200, { ...valid, apiUrl: 'not a url', clientId: '' }))).rejects.toThrow(
      /check apiUrl, clientId/,
    );
  });

  it('needs the OIDC endpoints, so that nothing is fetched from the issuer', async () => {
    const { metadata: _metadata, ...withoutEndpoints } = valid;
    await expect(loadConfig(serving(200, withoutEndpoints))).rejects.toThrow(/check metadata/);
  });

  it('says so when the file is missing', async () => {
    await expect(loadConfig(serving(404, {}))).rejects.toThrow(/answered 404/);
  });
});
