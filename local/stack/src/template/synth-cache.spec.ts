/**
 * The cache's key: a template is synthesized again exactly when something it is made from
 * changed (the infrastructure's code or configuration, a package it imports, a bundle, the
 * context), and reused when only what cannot change it did (tests, READMEs, build output).
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CONTAINER_SYNTH, inputsHash, synthContext } from './synth-cache.js';

let root: string;
const write = (path: string, content: string) => {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), content);
};

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'synth-cache-'));
  write('tsconfig.base.json', '{}');
  write('apps/infra/cdk.json', JSON.stringify({ app: 'node dist/bin/app.js', context: { stage: 'dev' } }));
  write(
    'apps/infra/package.json',
    JSON.stringify({ dependencies: { '@x/contract': 'workspace:*', 'aws-cdk-lib': '^2' } }),
  );
  write('apps/infra/src/stack.ts', 'export const ttl = 300;\n');
  write('apps/infra/src/stack.spec.ts', 'test\n');
  write('apps/infra/node_modules/aws-cdk-lib/package.json', JSON.stringify({ version: '2.1.0' }));
  write('packages/contract/package.json', JSON.stringify({ name: '@x/contract' }));
  write('packages/contract/src/routes.ts', 'export const routes = [];\n');
  mkdirSync(join(root, 'apps/infra/node_modules/@x'), { recursive: true });
  symlinkSync(join(root, 'packages/contract'), join(root, 'apps/infra/node_modules/@x/contract'));
  write('apps/lambda-notes/bundle/index.mjs', 'export const handler = 1;\n');
  write('apps/lambda-authorizer/bundle/token/index.mjs', 'export const handler = 2;\n');
  write('apps/lambda-authorizer/bundle/request/index.mjs', 'export const handler = 3;\n');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const hash = (mode: 'cognito' | 'token' | 'container' = 'token', context: Record<string, unknown> = {}) =>
  inputsHash({ mode, repositoryRoot: root, context });

describe('the synthesized template cache key', () => {
  it('changes with the infrastructure’s code, a package it imports, a library version, a bundle of the mode or the context', () => {
    const changes: [string, () => void][] = [
      ['infrastructure code', () => write('apps/infra/src/stack.ts', 'export const ttl = 60;\n')],
      ['cdk.json', () => write('apps/infra/cdk.json', JSON.stringify({ app: 'node x.js', context: { stage: 'qa' } }))],
      ['imported workspace package', () => write('packages/contract/src/routes.ts', 'export const routes = [1];\n')],
      ['library version', () => write('apps/infra/node_modules/aws-cdk-lib/package.json', '{"version":"2.2.0"}')],
      ['notes bundle', () => write('apps/lambda-notes/bundle/index.mjs', 'export const handler = 9;\n')],
      // A chunk the handler's module loads (esbuild's code splitting writes them beside it).
      ['a chunk of the notes bundle', () => write('apps/lambda-notes/bundle/chunk-ABC.mjs', 'export const s3 = 1;\n')],
      ['token bundle', () => write('apps/lambda-authorizer/bundle/token/index.mjs', 'export const handler = 9;\n')],
    ];
    for (const [what, change] of changes) {
      const before = hash();
      change();
      expect(hash(), what).not.toBe(before);
    }
    expect(hash('token', { corsOrigins: 'https://a.example' })).not.toBe(hash('token'));
    expect(hash('cognito')).not.toBe(hash('token'));
  });

  it('stays when only tests, docs, build output or another mode’s bundle change', () => {
    const before = hash();
    write('apps/infra/src/stack.spec.ts', 'another test\n');
    write('apps/infra/README.md', '# docs\n');
    write('apps/infra/dist/src/stack.js', 'compiled\n');
    write('apps/lambda-authorizer/bundle/request/index.mjs', 'export const handler = 9;\n');

    expect(hash()).toBe(before);
  });

  it('synthesizes with cdk.json’s context, the mode’s, the caller’s, and asset metadata on as the CLI sets it', () => {
    expect(
      synthContext({ mode: 'request', repositoryRoot: root, context: { corsOrigins: 'https://a.example' } }),
    ).toEqual({
      stage: 'dev',
      runtime: 'lambda',
      authorizer: 'request',
      corsOrigins: 'https://a.example',
      'aws:cdk:enable-asset-metadata': true,
      'aws:cdk:enable-path-metadata': true,
    });
  });

  it('synthesizes the container with runtime=container and stand-ins for the load balancer’s certificate and host, its bundles unread', () => {
    expect(synthContext({ mode: 'container', repositoryRoot: root, context: {} })).toEqual({
      stage: 'dev',
      runtime: 'container',
      authorizer: 'cognito',
      certificateArn: CONTAINER_SYNTH.certificateArn,
      domainName: CONTAINER_SYNTH.domainName,
      'aws:cdk:enable-asset-metadata': true,
      'aws:cdk:enable-path-metadata': true,
    });
    const before = hash('container');
    write('apps/lambda-notes/bundle/index.mjs', 'export const handler = 9;\n');
    expect(hash('container')).toBe(before);
    write('apps/infra/src/stack.ts', 'export const port = 3000;\n');
    expect(hash('container')).not.toBe(before);
    expect(hash('container')).not.toBe(hash('cognito'));
  });
});
