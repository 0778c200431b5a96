import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { assertAssetsExist, defaultAssetPaths, findRepositoryRoot, MissingAssetError } from './asset-paths.js';

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

/** A repository with the given files, each holding a line. */
function repository(files: readonly string[]): string {
  const root = mkdtempSync(join(tmpdir(), 'secure-notes-assets-'));
  roots.push(root);
  for (const file of ['pnpm-workspace.yaml', ...files]) {
    mkdirSync(join(root, file, '..'), { recursive: true });
    writeFileSync(join(root, file), '\n');
  }
  return root;
}

const NOTES = 'apps/lambda-notes/bundle/index.mjs';
const TOKEN = 'apps/lambda-authorizer/bundle/token/index.mjs';
const REQUEST = 'apps/lambda-authorizer/bundle/request/index.mjs';
const WEB = 'apps/web/dist/index.html';

describe('defaultAssetPaths', () => {
  it("finds the bundles and the Dockerfile under this repository's root", () => {
    const root = findRepositoryRoot();
    expect(existsSync(join(root, 'pnpm-workspace.yaml'))).toBe(true);
    expect(defaultAssetPaths(root)).toEqual({
      notesFunction: join(root, 'apps/lambda-notes/bundle'),
      tokenAuthorizer: join(root, 'apps/lambda-authorizer/bundle/token'),
      requestAuthorizer: join(root, 'apps/lambda-authorizer/bundle/request'),
      containerContext: root,
      dockerfile: 'apps/server/Dockerfile',
      webApp: join(root, 'apps/web/dist'),
    });
    expect(existsSync(join(root, 'apps/server/Dockerfile'))).toBe(true);
  });
});

describe('assertAssetsExist', () => {
  it('says which bundles are missing and that `pnpm build:lambdas` builds them', () => {
    const root = repository([WEB]);
    const check = () => assertAssetsExist({ runtime: 'lambda', authorizer: 'token' }, defaultAssetPaths(root), root);
    expect(check).toThrow(MissingAssetError);
    expect(check).toThrow(
      'The Lambda bundles are not built:\n' +
        `  - the notes function: ${NOTES}\n` +
        `  - the TOKEN authorizer: ${TOKEN}\n` +
        'Run `pnpm build:lambdas` at the repository root, then synthesize or deploy again.',
    );
  });

  it('asks only for the bundles the deployment ships', () => {
    const root = repository([WEB, NOTES, REQUEST]);
    const assets = defaultAssetPaths(root);
    expect(() => assertAssetsExist({ runtime: 'lambda', authorizer: 'cognito' }, assets, root)).not.toThrow();
    expect(() => assertAssetsExist({ runtime: 'lambda', authorizer: 'request' }, assets, root)).not.toThrow();
    expect(() => assertAssetsExist({ runtime: 'lambda', authorizer: 'token' }, assets, root)).toThrow(TOKEN);
  });

  it('needs no bundle for the container, but its Dockerfile', () => {
    const root = repository([WEB]);
    expect(() =>
      assertAssetsExist({ runtime: 'container', authorizer: 'cognito' }, defaultAssetPaths(root), root),
    ).toThrow("The container image's Dockerfile is missing: apps/server/Dockerfile.");
    const withDockerfile = repository([WEB, 'apps/server/Dockerfile']);
    expect(() =>
      assertAssetsExist(
        { runtime: 'container', authorizer: 'cognito' },
        defaultAssetPaths(withDockerfile),
        withDockerfile,
      ),
    ).not.toThrow();
  });

  it('does not take a folder named index.mjs for a bundle', () => {
    const root = repository([WEB, 'apps/lambda-notes/bundle/index.mjs/placeholder']);
    expect(() =>
      assertAssetsExist({ runtime: 'lambda', authorizer: 'cognito' }, defaultAssetPaths(root), root),
    ).toThrow(NOTES);
  });

  it.each(['lambda', 'container'] as const)(
    'asks for the web app build in every mode, naming the command that builds it (%s)',
    (runtime) => {
      const root = repository([NOTES, 'apps/server/Dockerfile']);
      const check = () => assertAssetsExist({ runtime, authorizer: 'cognito' }, defaultAssetPaths(root), root);
      expect(check).toThrow(MissingAssetError);
      expect(check).toThrow(
        `The web app is not built: ${WEB} is missing.\n` +
          'Run `pnpm build:web` at the repository root, then synthesize or deploy again.',
      );
    },
  );
});
