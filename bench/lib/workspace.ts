/**
 * The bench folder is no workspace package and declares no dependencies: it runs under plain
 * `node` (type stripping) and borrows the libraries the packages it measures already depend on
 * (Express from the Express adapter, the AWS SDK from the AWS adapter, jose from their dev
 * dependencies), resolved from those packages' folders, so the versions measured are the
 * versions shipped and the lockfile does not change.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The repository's root folder, with a trailing separator. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Imports `specifier` as the workspace package in `packageDir` (relative to the root) sees it.
 *
 * @example
 * const { SignJWT } = await importFromWorkspace<typeof import('jose')>('packages/adapters-express', 'jose');
 */
export async function importFromWorkspace<T>(packageDir: string, specifier: string, root = REPO_ROOT): Promise<T> {
  const require = createRequire(join(root, packageDir, 'package.json'));
  return (await import(pathToFileURL(require.resolve(specifier)).href)) as T;
}
