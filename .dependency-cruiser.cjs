/**
 * The dependency rule beyond the domain, held by dependency-cruiser (`pnpm lint:deps`, part of
 * `pnpm lint`): what production code may import. Production code is every source file of a
 * workspace package's `src/` (and apps/infra's `bin/`) that is neither a test (`*.spec.ts`, the
 * browser app's `*.spec.tsx`, the screenshot capture `*.capture.ts`) nor test support (a
 * `testing/` folder, or the `@secure-notes/testing` package). Imports of workspace
 * packages resolve through their `source` export condition, as vitest and the Lambda bundles do,
 * so a rule sees the file a test or a bundle would load. The domain's own rule (it imports nothing
 * but itself) is a test beside it, `packages/domain/src/dependency-rule.spec.ts`. An import
 * whose specifier is computed at run time is invisible here; `scripts/check-computed-imports.mjs`
 * refuses those in production code.
 */
const { readdirSync, readFileSync, existsSync } = require('node:fs');
const { join } = require('node:path');

const TEST_FILE = '\\.(spec\\.tsx?|capture\\.ts)$';
const TEST_SUPPORT = '(^|/)testing/';
const PRODUCTION = '^(packages|apps|local)/[^/]+/(src|bin)/';

/**
 * dependency-cruiser tells a devDependency from the npm registry (`npm-dev`) but not one that is a
 * workspace package (pnpm links it to its folder, which reads as a plain path). So each workspace
 * package's workspace devDependencies become a rule of their own: its production code must not
 * import their folders.
 */
function workspaceDevDependencyRules() {
  const folders = ['packages', 'apps', 'local']
    .flatMap((group) => readdirSync(group).map((name) => `${group}/${name}`))
    .concat(['e2e', 'testing'])
    .filter((folder) => existsSync(join(folder, 'package.json')));
  const manifests = folders.map((folder) => ({
    folder,
    ...JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')),
  }));
  const folderOf = new Map(manifests.map((manifest) => [manifest.name, manifest.folder]));
  return manifests.flatMap((manifest) => {
    const devFolders = Object.keys(manifest.devDependencies ?? {})
      .map((name) => folderOf.get(name))
      .filter((folder) => folder !== undefined);
    if (devFolders.length === 0) return [];
    return [
      {
        name: 'not-to-workspace-dev-dep',
        severity: 'error',
        comment:
          `Production code of ${manifest.name} imports a workspace package it lists under "devDependencies". ` +
          'Move it to "dependencies", or the import to a test.',
        from: { path: `^${manifest.folder}/(src|bin)/`, pathNot: [TEST_FILE, TEST_SUPPORT] },
        to: { path: devFolders.map((folder) => `^${folder}/`), dependencyTypesNot: ['type-only'] },
      },
    ];
  });
}

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'not-to-dev-dep',
      severity: 'error',
      comment:
        'Production code imports a devDependency, which is not installed where the package runs or is not bundled ' +
        'with it. Move the package to "dependencies" of this workspace package, or the import to a test.',
      from: { path: PRODUCTION, pathNot: [TEST_FILE, TEST_SUPPORT] },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'not-to-test',
      severity: 'error',
      comment:
        'Production code imports a test or test support (a testing/ folder, @secure-notes/testing). Test support is ' +
        'excluded from every build: move what production needs out of testing/.',
      from: { path: PRODUCTION, pathNot: [TEST_FILE, TEST_SUPPORT] },
      to: { path: [TEST_FILE, TEST_SUPPORT] },
    },
    {
      name: 'packages-not-to-apps',
      severity: 'error',
      comment:
        'A package imports an app. Apps compose packages, never the reverse: move what both need into a package.',
      from: { path: '^packages/' },
      to: { path: '^apps/' },
    },
    {
      name: 'product-not-to-local-or-e2e',
      severity: 'error',
      comment:
        'The product (packages/, apps/) imports the local emulators or the end-to-end suites, which never deploy. ' +
        'Only their tests may.',
      from: { path: '^(packages|apps)/', pathNot: [TEST_FILE, TEST_SUPPORT] },
      to: { path: '^(local|e2e)/' },
    },
    {
      name: 'not-outside-own-package',
      severity: 'error',
      comment:
        'A relative import leaves its workspace package (a path like ../../scripts/x.mjs). Import another package by ' +
        'its name and an entry of its "exports", or move the code into this package.',
      from: { path: '^(packages|apps|local)/([^/]+)/' },
      to: { dependencyTypes: ['local'], pathNot: '^$1/$2/' },
    },
    {
      name: 'e2e-not-outside-own-package',
      severity: 'error',
      comment: 'A relative import leaves the e2e package: import the other package by its name instead.',
      from: { path: '^e2e/' },
      to: { dependencyTypes: ['local'], pathNot: '^e2e/' },
    },
    ...workspaceDevDependencyRules(),
    {
      name: 'not-unresolvable',
      severity: 'error',
      comment: 'An import that resolves to no file: a missing dependency or a wrong path.',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Build output of the workspace's own packages (not of packages in node_modules, whose entries
    // often live in a dist/ folder).
    exclude: { path: ['^((packages|apps|local)/[^/]+|e2e|testing)/(dist|bundle|cdk\\.out|\\.data)/'] },
    parser: 'swc',
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['source', 'import', 'node', 'default'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.json', '.d.ts'],
      mainFields: ['module', 'main', 'types'],
    },
    cache: false,
  },
};
