#!/usr/bin/env node
// Builds the Lambda bundles with esbuild: one self-contained ESM file per function (the AWS SDK
// included, so the deployed code is exactly the tested code, whatever SDK the runtime ships),
// minified, with a linked source map, for Node 24 (Lambda `nodejs24.x`). Workspace packages are
// bundled from their TypeScript source (the `source` export condition), so no `tsc` build is
// needed first. Prints each bundle's size; `--json` prints them as JSON (for `pnpm bench`).
import { mkdir, rm, stat } from 'node:fs/promises';
import { builtinModules, createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Each function: its entrypoint and the folder that is its deployment asset (handler `index.handler`). */
export const LAMBDA_BUNDLES = [
  {
    name: 'notes',
    entry: 'apps/lambda-notes/src/index.ts',
    outdir: 'apps/lambda-notes/bundle',
    // The S3 client of attachments imports the event stream codec statically (for operations the
    // function never calls): it is bundled, and the SDK's dynamic import of it finds it there.
    bundledAnyway: ['@smithy/core/event-streams', 'submodules/event-streams/'],
  },
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
// credentials, which never happens on Lambda. They stay out of the bundle (about 100 KB). So do
// the container and instance metadata providers, which the chain tries after the profile file's
// (whose import would fail first without credentials in the environment: they are never reached
// from a bundle), and the event stream codec, which the SDK loads only for an operation that
// streams events (no DynamoDB operation does; 15 KB). The S3 client imports the codec
// statically, so a bundle with S3 in it (the notes function's) keeps it: see `bundledAnyway`.
//
// Each of these is loaded with a dynamic `import()`. Bundled, such a module would be evaluated
// lazily, in a wrapper, and with it every module it imports however eagerly the rest of the
// bundle imports them: these three put most of the SDK (280 modules) in wrappers, whose code V8
// then parses twice at init (once to skip it, once to run it).
export const NEVER_ON_LAMBDA = [
  '@aws-sdk/credential-provider-ini',
  '@aws-sdk/credential-provider-sso',
  '@aws-sdk/credential-provider-process',
  '@aws-sdk/credential-provider-web-identity',
  '@smithy/credential-provider-imds',
  '@aws-sdk/credential-provider-http',
  '@smithy/core/event-streams',
];

// Built-ins whose stand-ins export functions that require the built-in on their first call, so
// that the init does not load them: `fs/promises` (with readline: 5 ms), of which the SDK calls
// only `readFile`, on the first request, to look for ~/.aws/config; that one is given through
// `node:fs`'s callback, loaded already, so a Lambda never loads `fs/promises` at all.
export const LAZY_BUILTINS = ['fs/promises'];
const GIVEN_OTHERWISE = {
  'fs/promises': {
    readFile: `(path, options) => typeof path === 'object' && path !== null && !(path instanceof URL) && !ArrayBuffer.isView(path)
      ? load().readFile(path, options)
      : new Promise((resolve, reject) => require('node:fs').readFile(path, options, (error, data) => (error ? reject(error) : resolve(data))))`,
  },
};

// Some CommonJS dependencies `require` Node built-ins; an ESM bundle needs a `require` to give them.
const banner =
  "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);";

// Node's built-in modules are loaded with `require`, not `import`. Importing a built-in as an ES
// module builds a facade that reads every one of its exports, and some exports are getters that
// load more modules: `node:http`'s load undici (fetch's engine, about 10 ms of every cold start),
// `node:process`'s the diagnostic report (8 ms), `node:fs`'s `fs/promises` and readline (5 ms),
// `node:timers`'s `timers/promises`, `node:crypto`'s webcrypto. A small module stands in for each
// built-in: it requires it and exports each of its plain values by name, as they are when the
// bundle loads and only if the bundle imports that name (each is marked pure, so esbuild drops
// the others), and each getter whose
// value is a function as a function that reads the getter when it is called, constructed or on
// the right of `instanceof` (`fs.ReadStream` loads `fs/promises`; the SDK only tests a request
// body against it). A getter of another value is not exported: a bundle that imported one would
// fail to build, not load it at run time. (A CommonJS stand-in, `module.exports = require(...)`,
// needs none of this, but esbuild then copies every property of the built-in into a new object,
// as getters, in each module that imports it: 1,500 properties, 3 ms of the init.)
const requireBuiltin = createRequire(import.meta.url);
const BUILTIN = new RegExp(
  `^(node:)?(${builtinModules
    .filter((name) => !name.startsWith('_'))
    .map((name) => name.replace('/', '\\/'))
    .join('|')})$`,
);
const NAMESPACE = 'builtin-through-require';

/** Reads a getter of a built-in here, at build time, without its deprecation warning (`fs.F_OK`). */
function quietly(read) {
  const { noDeprecation } = process;
  process.noDeprecation = true;
  try {
    return read();
  } finally {
    process.noDeprecation = noDeprecation;
  }
}

/** The stand-in's source; see above, and {@link LAZY_BUILTINS}. */
function standIn(name) {
  const builtin = requireBuiltin(`node:${name}`);
  const lazy = LAZY_BUILTINS.includes(name);
  const given = GIVEN_OTHERWISE[name] ?? {};
  const lines = [
    lazy ? `let m;\nconst load = () => (m ??= require('node:${name}'));` : `const m = require('node:${name}');`,
    'const forward = (get) => {',
    '  const call = function (...args) { return new.target ? Reflect.construct(get(), args) : get().apply(this, args); };',
    '  Object.defineProperty(call, Symbol.hasInstance, { value: (value) => value instanceof get() });',
    '  return call;',
    '};',
  ];
  const exported = [];
  for (const [key, descriptor] of Object.entries(Object.getOwnPropertyDescriptors(builtin))) {
    if (key === 'default' || !/^[A-Za-z_$][\w$]*$/.test(key)) continue;
    const isFunction = typeof ('value' in descriptor ? descriptor.value : quietly(() => builtin[key])) === 'function';
    let value;
    if (key in given) value = given[key];
    else if (!lazy && 'value' in descriptor) value = `/* @__PURE__ */ (() => m.${key})()`;
    else if (isFunction) value = `/* @__PURE__ */ forward(() => ${lazy ? 'load()' : 'm'}.${key})`;
    else continue;
    lines.push(`const e${exported.length} = ${value};`);
    exported.push([key, isFunction]);
  }
  lines.push(`export { ${exported.map(([key], i) => `e${i} as ${key}`).join(', ')} };`);
  lines.push(
    lazy
      ? `export default { ${exported.flatMap(([key, isFunction], i) => (isFunction ? [`${key}: e${i}`] : [])).join(', ')} };`
      : 'export default m;',
  );
  return lines.join('\n');
}

export const builtinsThroughRequire = {
  name: 'builtins-through-require',
  setup(build) {
    build.onResolve({ filter: BUILTIN }, (args) =>
      // A `require` of a built-in (in CommonJS code, or a stand-in's own) stays a `require`.
      args.kind === 'require-call' || args.namespace === NAMESPACE
        ? { path: args.path, external: true }
        : { path: args.path.replace(/^node:/, ''), namespace: NAMESPACE },
    );
    build.onLoad({ filter: /.*/, namespace: NAMESPACE }, (args) => ({
      contents: standIn(args.path),
      loader: 'js',
    }));
  },
};

/**
 * Refuses a bundle in which a bundled module is still reached through a dynamic import (a new
 * dependency's, say): it would put the modules it imports back in lazy wrappers. The message
 * says what to do with it.
 */
function assertNoDynamicImportOfBundledModules(metafile, name, bundledAnyway = []) {
  const bundled = new Set(Object.values(metafile.outputs).flatMap((output) => Object.keys(output.inputs)));
  const found = [];
  for (const file of bundled) {
    for (const { path, kind } of metafile.inputs[file].imports) {
      const allowed = bundledAnyway.some((fragment) => path.includes(fragment));
      if (kind === 'dynamic-import' && bundled.has(path) && !allowed && !path.startsWith(`${NAMESPACE}:`))
        found.push(`${file} imports ${path}`);
    }
  }
  if (found.length > 0) {
    throw new Error(
      `The ${name} bundle reaches bundled modules through dynamic imports, which wraps them and their imports ` +
        `for a lazy init that costs its cold start; add each to NEVER_ON_LAMBDA if a Lambda never loads it, ` +
        `or have it imported statically:\n  ${found.join('\n  ')}`,
    );
  }
}

export async function buildLambdas({ quiet = false } = {}) {
  const results = [];
  for (const bundle of LAMBDA_BUNDLES) {
    const outdir = join(root, bundle.outdir);
    await rm(outdir, { recursive: true, force: true });
    await mkdir(outdir, { recursive: true });
    const outfile = join(outdir, 'index.mjs');
    const { metafile } = await build({
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
      external: NEVER_ON_LAMBDA.filter((name) => !(bundle.bundledAnyway ?? []).includes(name)),
      plugins: [builtinsThroughRequire],
      legalComments: 'none',
      logLevel: 'warning',
      metafile: true,
    });
    assertNoDynamicImportOfBundledModules(metafile, bundle.name, bundle.bundledAnyway);
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
