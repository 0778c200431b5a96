#!/usr/bin/env node
// Builds the Lambda bundles with esbuild: one self-contained ESM file per function (the AWS SDK
// included, so the deployed code is exactly the tested code, whatever SDK the runtime ships),
// minified, with a linked source map, for Node 24 (Lambda `nodejs24.x`). Workspace packages are
// bundled from their TypeScript source (the `source` export condition), so no `tsc` build is
// needed first. Prints each bundle's size; `--json` prints them as JSON (for `pnpm bench`).
import { mkdir, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Each function: its entrypoint and the folder that is its deployment asset (handler `index.handler`). */
export const LAMBDA_BUNDLES = [
  { name: 'notes', entry: 'apps/lambda-notes/src/index.ts', outdir: 'apps/lambda-notes/bundle' },
  {
    name: 'token-authorizer',
    entry: 'apps/lambda-authorizer/src/token.ts',
    outdir: 'apps/lambda-authorizer/bundle/token',
  },
  {
    name: 'request-authorizer',
    entry: 'apps/lambda-authorizer/src/request.ts',
    outdir: 'apps/lambda-authorizer/bundle/request',
  },
];

// The SDK's default credential chain reads the environment first, which is where Lambda puts the
// function role's credentials; the providers behind it that read profiles, SSO caches or token
// files from a developer's disk are loaded with dynamic imports only when the environment has no
// credentials, which never happens on Lambda. They stay out of the bundle (about 100 KB).
export const NEVER_ON_LAMBDA = [
  '@aws-sdk/credential-provider-ini',
  '@aws-sdk/credential-provider-sso',
  '@aws-sdk/credential-provider-process',
  '@aws-sdk/credential-provider-web-identity',
];

// Some CommonJS dependencies `require` Node built-ins; an ESM bundle needs a `require` to give them.
const banner =
  "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);";

// `node:http` and `node:https` are loaded with `require`, not `import`: importing `node:http` as
// an ES module builds a facade that reads every export, and some of its exports are getters that
// load undici (fetch's engine, about 10 ms of every cold start). A small module stands in for
// each: it requires the built-in and re-exports its plain values by name, never touching the
// getters (a bundle that imported one of those would fail to build, not break at run time).
const requireBuiltin = createRequire(import.meta.url);
const THROUGH_REQUIRE = /^(node:)?(http|https)$/;
const builtinsThroughRequire = {
  name: 'builtins-through-require',
  setup(build) {
    build.onResolve({ filter: THROUGH_REQUIRE }, (args) =>
      // The stand-in's own `require` is of the real built-in.
      args.namespace === 'builtin-through-require'
        ? { path: args.path, external: true }
        : { path: args.path.replace(/^node:/, ''), namespace: 'builtin-through-require' },
    );
    build.onLoad({ filter: /.*/, namespace: 'builtin-through-require' }, (args) => {
      const descriptors = Object.getOwnPropertyDescriptors(requireBuiltin(`node:${args.path}`));
      const names = Object.entries(descriptors)
        .filter(([name, descriptor]) => 'value' in descriptor && /^[A-Za-z_$][\w$]*$/.test(name) && name !== 'default')
        .map(([name]) => name);
      return {
        contents: [
          `const m = require('node:${args.path}');`,
          'export default m;',
          `export const { ${names.join(', ')} } = m;`,
        ].join('\n'),
        loader: 'js',
      };
    });
  },
};

export async function buildLambdas({ quiet = false } = {}) {
  const results = [];
  for (const bundle of LAMBDA_BUNDLES) {
    const outdir = join(root, bundle.outdir);
    await rm(outdir, { recursive: true, force: true });
    await mkdir(outdir, { recursive: true });
    const outfile = join(outdir, 'index.mjs');
    await build({
      entryPoints: [join(root, bundle.entry)],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node24',
      minify: true,
      sourcemap: 'linked',
      conditions: ['source', 'module'],
      mainFields: ['module', 'main'],
      banner: { js: banner },
      external: NEVER_ON_LAMBDA,
      plugins: [builtinsThroughRequire],
      legalComments: 'none',
      logLevel: 'warning',
    });
    const { size } = await stat(outfile);
    results.push({ name: bundle.name, file: relative(root, outfile), bytes: size });
    if (!quiet)
      process.stderr.write(
        `[build-lambdas] ${bundle.name.padEnd(20)} ${(size / 1024).toFixed(1).padStart(7)} KB  ${relative(root, outfile)}\n`,
      );
  }
  return results;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const json = process.argv.includes('--json');
  const results = await buildLambdas({ quiet: json });
  if (json) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
}
