#!/usr/bin/env node
// Builds the Lambda bundles with esbuild: one folder per function, its deployment asset, with the
// handler's module `index.mjs` (handler `index.handler`) and the chunks it imports, self-contained
// ESM (the AWS SDK included, so the deployed code is exactly the tested code, whatever SDK the
// runtime ships), minified, with linked source maps, for Node 24 (Lambda `nodejs24.x`). Code
// splitting puts what a function loads with a dynamic `import()` (the notes function's S3 client,
// on its first attachment request) in chunks of its own, which the init neither parses nor
// evaluates; what that code shares with the rest (the SDK's core) stays in chunks the entry
// imports statically; the SDK's imports through its barrel modules are rewritten to the modules
// that define the names (`importsPastBarrels`), so that code only the lazy chunks use stays in
// them. Workspace packages are bundled from their TypeScript source (the `source`
// export condition), so no `tsc` build is needed first. Prints each bundle's files and sizes, the
// init's part and the lazy one; `--json` prints them as JSON (for `pnpm bench`).
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { builtinModules, createRequire } from 'node:module';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Each function: its entrypoint, the folder that is its deployment asset (handler
 * `index.handler`), and what must stay out of its init: modules (paths or path fragments of
 * bundled files) that only chunks loaded by a dynamic import may hold. The build fails when one
 * of them is in the init's part of the bundle (a static import reaches it from the entry) or in
 * no part at all (the list is stale).
 */
export const LAMBDA_BUNDLES = [
  {
    name: 'notes',
    entry: 'apps/lambda-notes/src/index.ts',
    outdir: 'apps/lambda-notes/bundle',
    // The object storage of attachments (`LazyS3ObjectStorage` imports it on first use): the S3
    // client, its presigners and the S3-only middleware, and what only S3 uses of the SDK's
    // shared packages (its XML protocol, its checksums and `node:zlib` they load), which the
    // SDK's barrels would otherwise bring into the init (see `importsPastBarrels`). Only the
    // attachment routes and `DELETE /notes/{noteId}` (which deletes the note's files first) use
    // it; the init of an instance that serves none of them never parses it.
    lazyOnly: [
      'packages/adapters-aws/src/s3/s3-object-storage.ts',
      '/@aws-sdk/client-s3/',
      '/@aws-sdk/s3-presigned-post/',
      '/@aws-sdk/s3-request-presigner/',
      '/@aws-sdk/middleware-sdk-s3/',
      '/@aws-sdk/xml-builder/',
      '/@aws-sdk/core/dist-es/submodules/protocols/xml/',
      '/@smithy/core/dist-es/submodules/checksum/crc32/',
      '/@smithy/core/dist-es/submodules/serde/util-stream/checksum/',
      'builtin-through-require:zlib',
    ],
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
// credentials, which never happens on Lambda. They stay out of the bundle. So do
// the container and instance metadata providers, which the chain tries after the profile file's
// (whose import would fail first without credentials in the environment: they are never reached
// from a bundle), and bowser, the browser's user-agent parser, which only the SDK's browser
// user-agent code imports (esbuild drops that code as unused, yet still writes a chunk for the
// dynamic import in it). Bundled, each would be a chunk of its own that no instance loads:
// deployed weight and nothing else. The event stream codec, which the SDK loads with a dynamic
// import only for an operation that streams events (no DynamoDB or S3 operation the functions
// call does), is bundled: the S3 client imports it statically, so it is in the S3 client's lazy
// chunks, and an external module there would fail that chunk's import.
export const NEVER_ON_LAMBDA = [
  '@aws-sdk/credential-provider-ini',
  '@aws-sdk/credential-provider-sso',
  '@aws-sdk/credential-provider-process',
  '@aws-sdk/credential-provider-web-identity',
  '@smithy/credential-provider-imds',
  '@aws-sdk/credential-provider-http',
  'bowser',
];

// Built-ins whose stand-ins export functions that require the built-in on their first call, so
// that the init does not load them: `fs/promises` (which loads readline), of which the SDK calls
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
// load more modules on every cold start: `node:http`'s load undici (fetch's engine),
// `node:process`'s the diagnostic report, `node:fs`'s `fs/promises` and readline,
// `node:timers`'s `timers/promises`, `node:crypto`'s webcrypto. A small module stands in for each
// built-in: it requires it and exports each of its plain values by name, as they are when the
// bundle loads and only if the bundle imports that name (each is marked pure, so esbuild drops
// the others), and each getter whose
// value is a function as a function that reads the getter when it is called, constructed or on
// the right of `instanceof` (`fs.ReadStream` loads `fs/promises`; the SDK only tests a request
// body against it). A getter of another value is not exported: a bundle that imported one would
// fail to build, not load it at run time. (A CommonJS stand-in, `module.exports = require(...)`,
// needs none of this, but esbuild then copies every property of the built-in into a new object,
// as getters, in each module that imports it, all of them at init.)
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

// The AWS SDK's modules import each other through barrels: `@smithy/core/protocols`,
// `@smithy/core/serde`, `@aws-sdk/core/protocols` and the like, modules that re-export the names
// of many others (`export { ... } from`), some with code of their own beside. With code
// splitting, esbuild puts a module in the chunk of every entry that reaches it, and a barrel that
// the init reaches leads it to every module the barrel names, used or not: the S3 client's XML
// protocol, its checksums (and `node:zlib` with them), its stream wrappers (and Node's web streams
// with them) were in a chunk the init loads because the DynamoDB and Secrets Manager clients
// import other names from the same barrels. This plugin rewrites, in the SDK's modules, each
// named import or re-export from a barrel into imports from the modules that define the names;
// a barrel's own code becomes a module of its own (`?barrel-locals`), which the barrel re-exports
// too, so that there is one copy of it however it is reached. Each module is then reached only
// by the code that uses it. The SDK's packages declare no side effects (`"sideEffects": false`):
// a barrel's re-exports evaluate nothing.
const SDK_MODULE = /[\\/]node_modules[\\/](@smithy|@aws-sdk)[\\/].*\.js$/;
const NAMED_FROM = /^(import|export)\s*\{([^}]*)\}\s*from\s*"([^"]+)";?[ \t]*$/gm;
const BARREL_LOCALS = '?barrel-locals';

/** `a, b as c` → [['a', 'a'], ['b', 'c']]: each name where it comes from, and as it is bound or exported. */
function namedSpecifiers(list) {
  return list
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '')
    .map((item) => {
      const [name, alias] = item.split(/\s+as\s+/);
      return [name, alias ?? name];
    });
}

export const importsPastBarrels = {
  name: 'imports-past-barrels',
  setup(build) {
    const memo = (map, key, compute) => {
      if (!map.has(key)) map.set(key, compute());
      return map.get(key);
    };
    const resolutions = new Map();
    /** The bundled file `specifier` names from `resolveDir`, or null (external, or not a file). */
    const resolveFile = (specifier, resolveDir) =>
      memo(resolutions, `${resolveDir}\0${specifier}`, async () => {
        const result = await build.resolve(specifier, { kind: 'import-statement', resolveDir });
        return result.errors.length === 0 &&
          !result.external &&
          result.namespace === 'file' &&
          SDK_MODULE.test(result.path)
          ? result.path
          : null;
      });
    const sources = new Map();
    const source = (path) => memo(sources, path, () => readFile(path, 'utf8'));
    const barrels = new Map();
    /** A barrel's re-exports (name → the module it names and the name there); null for a module that re-exports nothing, or that re-exports `*` (its names are not known here). */
    const reExports = (path) =>
      memo(barrels, path, async () => {
        const text = await source(path);
        if (/^export\s*\*/m.test(text)) return null;
        const names = new Map();
        for (const [, keyword, list, specifier] of text.matchAll(NAMED_FROM)) {
          if (keyword !== 'export') continue;
          const target = await resolveFile(specifier, dirname(path));
          if (target === null) return null;
          for (const [name, exported] of namedSpecifiers(list)) names.set(exported, { path: target, name });
        }
        return names.size === 0 ? null : names;
      });
    /** The module that defines `name` as `path` exports it, past every barrel on the way. */
    const origin = async (path, name, seen = new Set()) => {
      const names = await reExports(path);
      if (names === null) return { path, name };
      const next = names.get(name);
      if (next === undefined) return { path: path + BARREL_LOCALS, name };
      if (seen.has(path)) return null;
      seen.add(path);
      return origin(next.path, next.name, seen);
    };
    /** `text` with each named import or re-export from a barrel made imports from the modules that define the names. */
    const pastBarrels = async (text, resolveDir) => {
      const replacements = [];
      for (const match of text.matchAll(NAMED_FROM)) {
        const [statement, keyword, list, specifier] = match;
        const target = await resolveFile(specifier, resolveDir);
        if (target === null || (await reExports(target)) === null) continue;
        const specifiers = namedSpecifiers(list);
        const origins = await Promise.all(specifiers.map(([name]) => origin(target, name)));
        if (origins.includes(null)) continue;
        const lines = specifiers.map(([, alias], i) => {
          const { path, name } = origins[i];
          return `${keyword} { ${name === alias ? name : `${name} as ${alias}`} } from ${JSON.stringify(path)};`;
        });
        replacements.push([match.index, statement.length, lines.join(' ')]);
      }
      let contents = text;
      for (const [index, length, replacement] of replacements.reverse())
        contents = contents.slice(0, index) + replacement + contents.slice(index + length);
      return contents;
    };
    build.onResolve({ filter: /\?barrel-locals$/ }, (args) => ({
      path: args.path.slice(0, -BARREL_LOCALS.length),
      suffix: BARREL_LOCALS,
    }));
    build.onLoad({ filter: SDK_MODULE }, async (args) => {
      const text = await source(args.path);
      const names = await reExports(args.path);
      let contents;
      if (args.suffix === BARREL_LOCALS) {
        // The barrel's own code: its re-exports blanked (the line numbers stay those of the file).
        contents = text.replace(NAMED_FROM, (statement, keyword) =>
          keyword === 'export' ? statement.replace(/[^\n]/g, ' ') : statement,
        );
      } else if (names !== null) {
        // The barrel: its re-exports, and its own code's exports from the module that holds it.
        contents = `${[...text.matchAll(NAMED_FROM)]
          .filter((match) => match[1] === 'export')
          .map((match) => match[0])
          .join('\n')}\nexport * from ${JSON.stringify(args.path + BARREL_LOCALS)};\n`;
        return { contents, loader: 'js' };
      } else {
        contents = text;
      }
      return { contents: await pastBarrels(contents, dirname(args.path)), loader: 'js' };
    });
  },
};

/**
 * The bundle's output files from its metafile: the entry, the chunks its init loads (what the
 * entry imports statically, and what those import), and the chunks loaded later (by a dynamic
 * import). Source maps are left out: only their `.mjs` files run.
 */
function bundleParts(metafile, outdir) {
  const outputs = Object.entries(metafile.outputs).filter(([file]) => file.endsWith('.mjs'));
  const byPath = new Map(
    outputs.map(([file, output]) => [resolve(root, file), { file: resolve(root, file), ...output }]),
  );
  const entry = [...byPath.values()].find((output) => resolve(outdir, 'index.mjs') === output.file);
  if (entry === undefined)
    throw new Error(`esbuild wrote no index.mjs in ${outdir}: check entryNames in build-lambdas.mjs`);
  const reach = (from, kinds) => {
    const seen = new Set(from);
    const todo = [...from];
    while (todo.length > 0) {
      for (const { path, kind } of todo.pop().imports) {
        const target = byPath.get(resolve(root, path));
        if (target !== undefined && kinds.includes(kind) && !seen.has(target)) {
          seen.add(target);
          todo.push(target);
        }
      }
    }
    return seen;
  };
  const init = reach([entry], ['import-statement']);
  const loaded = reach([entry], ['import-statement', 'dynamic-import']);
  const lazy = [...loaded].filter((output) => !init.has(output));
  const orphans = [...byPath.values()].filter((output) => !loaded.has(output));
  if (orphans.length > 0) {
    throw new Error(
      `esbuild wrote chunks that nothing in the bundle imports, for dynamic imports in code it dropped: ` +
        `${orphans.map((o) => `${basename(o.file)} (${o.entryPoint ?? 'shared'})`).join(', ')}. ` +
        `Add the module each one starts from to NEVER_ON_LAMBDA in scripts/build-lambdas.mjs if no Lambda loads it.`,
    );
  }
  return { entry, init: [...init], lazy };
}

/**
 * Refuses a dynamic import of a bundled module that esbuild did not turn into a chunk of its own.
 * Code splitting makes each such module the entry of a chunk, which the `import()` loads when it
 * runs; without it (or for a module reached another way) esbuild would put the module in a lazy
 * wrapper inside the file that imports it, and with it every module it imports however eagerly
 * the rest of the bundle imports them: V8 then parses that code twice at init (once to skip it,
 * once to run it). The message says what to do with it.
 */
function assertDynamicImportsAreChunks(metafile, name) {
  const bundled = new Set(Object.values(metafile.outputs).flatMap((output) => Object.keys(output.inputs)));
  const chunkEntries = new Set(Object.values(metafile.outputs).flatMap((output) => output.entryPoint ?? []));
  const found = [];
  for (const file of bundled) {
    for (const { path, kind } of metafile.inputs[file].imports) {
      if (kind === 'dynamic-import' && bundled.has(path) && !chunkEntries.has(path))
        found.push(`${file} imports ${path}`);
    }
  }
  if (found.length > 0) {
    throw new Error(
      `The ${name} bundle reaches bundled modules through dynamic imports that esbuild did not make chunks of, which ` +
        `wraps them and their imports for a lazy init that costs its cold start; build with code splitting, add each ` +
        `to NEVER_ON_LAMBDA if a Lambda never loads it, or have it imported statically:\n  ${found.join('\n  ')}`,
    );
  }
}

/** Refuses a bundle whose init's part holds one of `lazyOnly`'s modules, or that holds one in no part. */
function assertLazyOnly(parts, name, lazyOnly = []) {
  const matches = (outputs, fragment) =>
    outputs.flatMap((output) =>
      Object.keys(output.inputs)
        .filter((input) => input.includes(fragment))
        .map((input) => [output, input]),
    );
  for (const fragment of lazyOnly) {
    const eager = matches(parts.init, fragment);
    if (eager.length > 0) {
      throw new Error(
        `The ${name} bundle's init loads ${eager[0][1]} (in ${basename(eager[0][0].file)}), which must stay in a chunk ` +
          `loaded on first use (lazyOnly in scripts/build-lambdas.mjs): a static import reaches it from the entry. ` +
          `Esbuild counts a named re-export (\`export { x } from\`) as reaching its module even when nothing uses it, ` +
          `so reach it only through the module that loads it lazily (for S3: \`s3AttachmentsModule\` from ` +
          `\`@secure-notes/adapters-aws/s3\`, never \`@secure-notes/adapters-aws/s3/client\`); in the SDK's own ` +
          `modules, a barrel importsPastBarrels does not see through (an \`export *\`) has the same effect.`,
      );
    }
    if (matches(parts.lazy, fragment).length === 0) {
      throw new Error(
        `The ${name} bundle holds nothing that matches ${fragment}: remove it from lazyOnly in scripts/build-lambdas.mjs.`,
      );
    }
  }
}

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const sum = (outputs) => outputs.reduce((total, output) => total + output.bytes, 0);

/**
 * Removes from `outdir` every file this build did not write, so the folder (the function's code
 * asset) holds exactly the bundle. The build overwrites in place rather than emptying the folder
 * first: a local stack running these bundles, rebuilt by a second `npm start` from the same
 * sources, finds every chunk it may still load at the name it had.
 */
async function removeStaleFiles(outdir, metafile) {
  const written = new Set(Object.keys(metafile.outputs).map((output) => resolve(root, output)));
  for (const entry of await readdir(outdir)) {
    const path = join(outdir, entry);
    if (!written.has(path)) await rm(path, { recursive: true, force: true });
  }
}

/**
 * Builds every bundle into its folder, leaving nothing of an earlier build that this one did not
 * write. Returns, for each, the entry file, `bytes` (what its init loads: the entry and the chunks it
 * imports statically), `lazyBytes` (the chunks loaded by dynamic imports, when they run) and
 * every file with its size.
 */
export async function buildLambdas({ quiet = false } = {}) {
  const results = [];
  for (const bundle of LAMBDA_BUNDLES) {
    const outdir = join(root, bundle.outdir);
    await mkdir(outdir, { recursive: true });
    const { metafile } = await build({
      // The metafile's paths are relative to this: the repository, whatever the caller's folder.
      absWorkingDir: root,
      entryPoints: [join(root, bundle.entry)],
      outdir,
      // The entry keeps the name the handler setting gives (`index.handler`); chunks are named
      // by what they start from and a hash of their contents, so a changed chunk changes the
      // name the files that import it write, and with it their own hash, up to index.mjs.
      splitting: true,
      entryNames: 'index',
      chunkNames: '[name]-[hash]',
      // `.mjs`: the folder has no package.json, and Node reads a `.js` file there as CommonJS.
      outExtension: { '.js': '.mjs' },
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
      plugins: [importsPastBarrels, builtinsThroughRequire],
      legalComments: 'none',
      logLevel: 'warning',
      metafile: true,
    });
    await removeStaleFiles(outdir, metafile);
    assertDynamicImportsAreChunks(metafile, bundle.name);
    const parts = bundleParts(metafile, outdir);
    assertLazyOnly(parts, bundle.name, bundle.lazyOnly);
    const file = (output, init) => ({ file: relative(root, output.file), bytes: output.bytes, init });
    const result = {
      name: bundle.name,
      file: relative(root, parts.entry.file),
      bytes: sum(parts.init),
      lazyBytes: sum(parts.lazy),
      files: [...parts.init.map((output) => file(output, true)), ...parts.lazy.map((output) => file(output, false))],
    };
    results.push(result);
    if (!quiet) {
      const lines = [
        `[build-lambdas] ${bundle.name.padEnd(20)} ${kb(result.bytes).padStart(9)} at init, ${kb(result.lazyBytes)} on demand  ${relative(root, outdir)}/`,
        ...result.files.map(
          (f) =>
            `[build-lambdas]   ${(f.init ? 'init' : 'lazy').padEnd(18)} ${kb(f.bytes).padStart(9)}  ${basename(f.file)}`,
        ),
      ];
      process.stderr.write(`${lines.join('\n')}\n`);
    }
  }
  return results;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const json = process.argv.includes('--json');
  const results = await buildLambdas({ quiet: json });
  if (json) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
}
