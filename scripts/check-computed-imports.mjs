#!/usr/bin/env node
/**
 * `pnpm lint:rules`, with dependency-cruiser: production code imports only what a rule can see.
 * dependency-cruiser checks every import whose specifier is written out; an `import()` of a
 * specifier computed at run time (`import(pathToFileURL(resolve(root, 'scripts', 'x.mjs')).href)`)
 * is invisible to it, and so could reach a devDependency, a test helper or a file outside its
 * package unchecked. This fails on every such import in production code (what the
 * dependency-cruiser configuration calls production: a workspace package's `src/` or `bin/`, tests
 * and `testing/` folders aside), except where loading code chosen at run time is the point.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseSync } from 'oxc-parser';

const root = resolve(import.meta.dirname, '..');
const PRODUCTION = /^(packages|apps|local)\/[^/]+\/(src|bin)\/.*\.(ts|tsx|mts|mjs|js)$/;
const NOT_PRODUCTION = [/\.(spec\.tsx?|capture\.ts)$/, /(^|\/)testing\//, /\.d\.ts$/];

/** The files whose computed imports load what the user or the template names, and why. */
const LOADS_CODE_CHOSEN_AT_RUN_TIME = new Map([
  [
    'local/api-gateway/src/lambda/worker-runtime.ts',
    "the local Lambda runtime loads the function's bundle the template names, as Lambda does",
  ],
]);

const files = execFileSync(
  'git',
  ['ls-files', '--cached', '--others', '--exclude-standard', 'packages', 'apps', 'local'],
  {
    cwd: root,
    encoding: 'utf8',
  },
)
  .split('\n')
  .filter((file) => PRODUCTION.test(file) && !NOT_PRODUCTION.some((pattern) => pattern.test(file)))
  // A tracked file deleted but not yet committed is listed too.
  .filter((file) => existsSync(resolve(root, file)));

const problems = [];
for (const file of files) {
  const source = readFileSync(resolve(root, file), 'utf8');
  const { module, errors } = parseSync(file, source);
  if (errors.length > 0) {
    problems.push(`${file}: could not be parsed (${errors[0].message}); fix it, then run this again`);
    continue;
  }
  const computed = module.dynamicImports
    .map(({ moduleRequest }) => ({
      at: moduleRequest.start,
      specifier: source.slice(moduleRequest.start, moduleRequest.end),
    }))
    .filter(({ specifier }) => !/^(['"])[^'"]*\1$/.test(specifier));
  if (LOADS_CODE_CHOSEN_AT_RUN_TIME.has(file)) {
    if (computed.length === 0) {
      problems.push(`${file}: imports nothing computed any more; remove it from LOADS_CODE_CHOSEN_AT_RUN_TIME`);
    }
    continue;
  }
  for (const { at, specifier } of computed) {
    problems.push(`${file}:${source.slice(0, at).split('\n').length}: import(${specifier})`);
  }
}
for (const file of LOADS_CODE_CHOSEN_AT_RUN_TIME.keys()) {
  if (!files.includes(file))
    problems.push(`${file}: no such production file; remove it from LOADS_CODE_CHOSEN_AT_RUN_TIME`);
}

if (problems.length > 0) {
  process.stderr.write(
    `Production code imports a specifier computed at run time, which the dependency rules cannot check:\n` +
      problems.map((problem) => `  ${problem}\n`).join('') +
      `Import the module by a written-out name (another workspace package by its name and an entry of its "exports"), ` +
      `or let the script that runs this code do the work first (as the root "local" script builds the Lambda bundles). ` +
      `A file whose purpose is to load code chosen at run time goes in LOADS_CODE_CHOSEN_AT_RUN_TIME in ` +
      `scripts/check-computed-imports.mjs, with the reason.\n`,
  );
  process.exit(1);
}
process.stdout.write(`check-computed-imports: ${files.length} production files, no import of a computed specifier\n`);
