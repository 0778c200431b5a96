import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { webAppConfig } from '@secure-notes/http-api';
import { afterEach, describe, expect, it } from 'vitest';
import { startWebApp, type WebApp } from './web-app.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function fakeBuild(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'web-dist-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  await mkdir(join(dir, 'assets'));
  await writeFile(
    join(dir, 'index.html'),
    '<!doctype html><title>app</title><script type="module" src="/assets/app.js"></script>',
  );
  await writeFile(join(dir, 'assets', 'app.js'), 'console.log(1)');
  return dir;
}

async function start(distDir: string): Promise<WebApp> {
  const web = await startWebApp({ host: '127.0.0.1', port: 0, distDir });
  cleanups.push(() => web.close());
  return web;
}

const config = webAppConfig({
  apiUrl: 'http://localhost:3000',
  issuer: 'http://localhost:9229/us-east-1_x',
  loginOrigin: 'http://localhost:9229',
  clientId: 'web',
  webOrigin: 'http://localhost:5173',
});

describe('startWebApp', () => {
  it('serves the app with a CSP naming the API and the login origins, and never caches index.html', async () => {
    const web = await start(await fakeBuild());
    web.configure(config, { apiOrigin: 'http://localhost:3000', loginOrigin: 'http://localhost:9229' });

    const page = await fetch(`${web.url}/`);

    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain(
      "connect-src 'self' http://localhost:3000 http://localhost:9229",
    );
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(page.headers.get('cache-control')).toBe('no-cache');
  });

  it('answers any page of the app with index.html, and a missing asset with 404', async () => {
    const web = await start(await fakeBuild());

    const deep = await fetch(`${web.url}/notes/01ABC`);
    const asset = await fetch(`${web.url}/assets/app.js`);
    const missing = await fetch(`${web.url}/assets/gone.js`);

    expect(await deep.text()).toContain('<title>app</title>');
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect(missing.status).toBe(404);
  });

  it('serves config.json once configured, and says the stack is starting before', async () => {
    const web = await start(await fakeBuild());
    expect((await fetch(`${web.url}/config.json`)).status).toBe(503);

    web.configure(config, { apiOrigin: 'http://localhost:3000', loginOrigin: 'http://localhost:9229' });

    expect(await (await fetch(`${web.url}/config.json`)).json()).toEqual(config);
  });

  it('explains how to build the app when there is no build', async () => {
    const web = await start(join(tmpdir(), 'no-such-build'));

    const page = await fetch(`${web.url}/`);

    expect(web.built).toBe(false);
    expect(page.status).toBe(503);
    expect(await page.text()).toContain('pnpm --filter @secure-notes/web build');
  });
});
