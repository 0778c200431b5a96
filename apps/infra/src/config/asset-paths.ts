/**
 * Where the stack finds what it ships: the Lambda bundles that `pnpm build:lambdas` writes, the
 * web app's build (`apps/web/dist`) and the folder the container image is built from. The defaults are resolved from the repository
 * root, found by walking up to `pnpm-workspace.yaml`, so they hold whether this runs as
 * TypeScript under vitest or as compiled JavaScript from `dist/` under the CDK CLI.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DeploymentConfig } from './deployment-config.js';

export interface NotesAssetPaths {
  /** The notes function's bundle folder (`index.mjs`, handler `index.handler`, and the chunks it imports). */
  readonly notesFunction: string;
  /** The TOKEN authorizer's bundle folder. */
  readonly tokenAuthorizer: string;
  /** The REQUEST authorizer's bundle folder. */
  readonly requestAuthorizer: string;
  /** The Docker build context of the container image (the repository root: the Dockerfile needs the workspace). */
  readonly containerContext: string;
  /** The Dockerfile, relative to `containerContext`. */
  readonly dockerfile: string;
  /** The web app's build (`index.html` and its assets), which every mode hosts. */
  readonly webApp: string;
}

/** Raised when a bundle the deployment needs has not been built; the message says how to build it. */
export class MissingAssetError extends Error {
  override readonly name = 'MissingAssetError';
}

/**
 * The repository root: the nearest folder above `from` holding `pnpm-workspace.yaml`.
 *
 * @example
 * findRepositoryRoot() // '/home/me/secure-notes'
 */
export function findRepositoryRoot(from: string = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'pnpm-workspace.yaml'))) return dir;
    if (dirname(dir) === dir) {
      throw new MissingAssetError(
        `No pnpm-workspace.yaml above ${from}: run the infrastructure app from inside the repository.`,
      );
    }
  }
}

/** The asset folders of the repository at `root`. */
export function defaultAssetPaths(root: string = findRepositoryRoot()): NotesAssetPaths {
  return {
    notesFunction: join(root, 'apps/lambda-notes/bundle'),
    tokenAuthorizer: join(root, 'apps/lambda-authorizer/bundle/token'),
    requestAuthorizer: join(root, 'apps/lambda-authorizer/bundle/request'),
    containerContext: root,
    dockerfile: 'apps/server/Dockerfile',
    webApp: join(root, 'apps/web/dist'),
  };
}

/**
 * Checks that every asset this deployment ships exists, before CDK tries to stage it; throws a
 * `MissingAssetError` that names the missing files and the command that builds them.
 */
export function assertAssetsExist(
  config: Pick<DeploymentConfig, 'runtime' | 'authorizer'>,
  assets: NotesAssetPaths,
  root: string = findRepositoryRoot(),
): void {
  const shown = (path: string) => relative(root, path) || path;
  const webIndex = join(assets.webApp, 'index.html');
  if (!existsSync(webIndex) || !statSync(webIndex).isFile()) {
    throw new MissingAssetError(
      `The web app is not built: ${shown(webIndex)} is missing.\n` +
        'Run `pnpm build:web` at the repository root, then synthesize or deploy again.',
    );
  }
  const missing: string[] = [];
  const bundle = (what: string, folder: string) => {
    const entry = join(folder, 'index.mjs');
    if (!existsSync(entry) || !statSync(entry).isFile()) missing.push(`  - ${what}: ${shown(entry)}`);
  };
  if (config.runtime === 'lambda') {
    bundle('the notes function', assets.notesFunction);
    if (config.authorizer === 'token') bundle('the TOKEN authorizer', assets.tokenAuthorizer);
    if (config.authorizer === 'request') bundle('the REQUEST authorizer', assets.requestAuthorizer);
    if (missing.length > 0) {
      throw new MissingAssetError(
        `The Lambda bundles are not built:\n${missing.join('\n')}\n` +
          'Run `pnpm build:lambdas` at the repository root, then synthesize or deploy again.',
      );
    }
    return;
  }
  const dockerfile = join(assets.containerContext, assets.dockerfile);
  if (!existsSync(dockerfile)) {
    throw new MissingAssetError(
      `The container image's Dockerfile is missing: ${shown(dockerfile)}. The container runtime builds apps/server/Dockerfile from the repository root.`,
    );
  }
}
