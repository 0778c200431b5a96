/**
 * The CloudFormation template the CDK app (apps/infra) synthesizes for one mode of the Lambda
 * runtime, made the way the CDK CLI makes it (cdk.json's `build`, then its `app`, with cdk.json's
 * context, the mode's context and `aws:cdk:enable-asset-metadata`), offline, and kept in a cache
 * under node_modules/.cache. An entry is keyed by a hash of everything the template depends on:
 * the infrastructure's code and configuration, the workspace packages it imports, the versions of
 * the libraries it synthesizes with, the bundles it ships and the context. Synthesis takes seconds;
 * a start (or a test file) whose inputs did not change reuses the entry, and one lock makes
 * concurrent starts synthesize a changed input once. One unit: the key, the synthesis and the
 * entry's life (made under the lock, read without it, pruned) are one protocol on one folder.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, relative, resolve } from 'node:path';
import lockfile from 'proper-lockfile';

/** Bumped when what an entry holds changes shape, so that old entries are not read. */
const CACHE_FORMAT = 3;
/** Entries kept per mode: the newest few, so switching branches back and forth stays fast. */
const ENTRIES_KEPT_PER_MODE = 3;

/**
 * Which shape of the stack is synthesized: the Lambda runtime with its `authorizer` context, or
 * `container` (`runtime=container`: the Express server's ECS task definition).
 */
export type TemplateMode = 'cognito' | 'token' | 'request' | 'container';

export interface SynthRequest {
  readonly mode: TemplateMode;
  /** The repository root (holds pnpm-workspace.yaml). */
  readonly repositoryRoot: string;
  /** Context on top of cdk.json's and the mode's (e.g. the local stack's callback URLs). */
  readonly context?: Readonly<Record<string, unknown>>;
  /** Where entries are kept; `node_modules/.cache/secure-notes-templates` under the root by default. */
  readonly cacheDir?: string;
  /** Told each step, for a start that shows its progress. */
  readonly onProgress?: (message: string) => void;
}

export interface SynthesizedTemplate {
  readonly mode: TemplateMode;
  /** The template file, inside the cache entry. */
  readonly templatePath: string;
  readonly template: unknown;
  /** The hash of the inputs, which names the entry. */
  readonly hash: string;
  /** Each function asset's staged folder (`asset.<hash>`, as `aws:asset:path` names it) and the bundle folder it is a copy of. */
  readonly assets: Readonly<Record<string, string>>;
  /** False when the entry was reused. */
  readonly synthesized: boolean;
  /** How long the synthesis took (this start's, or the one that made the reused entry). */
  readonly synthMs: number;
  /** When the entry was made (ISO 8601). */
  readonly createdAt: string;
}

/** Raised when the CDK app cannot be built or synthesized; the message holds its output and how to reproduce it. */
export class SynthError extends Error {
  override readonly name = 'SynthError';
}

/** The bundle folders each mode ships, relative to the repository root (apps/infra's `defaultAssetPaths`). */
export const MODE_BUNDLES: Readonly<Record<TemplateMode, readonly string[]>> = {
  cognito: ['apps/lambda-notes/bundle'],
  token: ['apps/lambda-notes/bundle', 'apps/lambda-authorizer/bundle/token'],
  request: ['apps/lambda-notes/bundle', 'apps/lambda-authorizer/bundle/request'],
  // The image is built at deploy time; its build context is a stand-in here (see synthScript).
  container: [],
};

/**
 * What the container mode needs that a local stack has no real value for: the load balancer's
 * certificate and host name (a reserved name, RFC 2606, that can never be a real host), and the
 * region the stack is synthesized for (the container runtime needs one; the template refers to it
 * as `AWS::Region`, which the local stack replaces with its own).
 */
export const CONTAINER_SYNTH = {
  certificateArn: 'arn:aws:acm:us-east-1:000000000000:certificate/00000000-0000-0000-0000-000000000000',
  domainName: 'local-api.invalid',
  region: 'us-east-1',
} as const;

const INFRA = 'apps/infra';

interface CdkJson {
  readonly app: string;
  readonly build?: string;
  readonly output?: string;
  readonly context?: Record<string, unknown>;
}

function readCdkJson(root: string): CdkJson {
  return JSON.parse(readFileSync(join(root, INFRA, 'cdk.json'), 'utf8')) as CdkJson;
}

/** The context the app is synthesized with: cdk.json's, the mode's, the caller's, and asset metadata on (as the CLI sets it). */
export function synthContext(
  request: Pick<SynthRequest, 'mode' | 'repositoryRoot' | 'context'>,
): Record<string, unknown> {
  const mode =
    request.mode === 'container'
      ? {
          runtime: 'container',
          authorizer: 'cognito',
          certificateArn: CONTAINER_SYNTH.certificateArn,
          domainName: CONTAINER_SYNTH.domainName,
        }
      : { runtime: 'lambda', authorizer: request.mode };
  return {
    ...readCdkJson(request.repositoryRoot).context,
    ...mode,
    ...request.context,
    'aws:cdk:enable-asset-metadata': true,
    'aws:cdk:enable-path-metadata': true,
  };
}

/** Every file below `dir` (sorted, relative), skipping what `skip` refuses. */
function filesBelow(dir: string, skip: (relativePath: string, isDir: boolean) => boolean = () => false): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (current: string) => {
    for (const entry of readdirSync(current, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = join(current, entry.name);
      const rel = relative(dir, full);
      if (skip(rel, entry.isDirectory())) continue;
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) out.push(rel);
    }
  };
  walk(dir);
  return out;
}

/** A hash of a folder's files, names and contents: equal for a bundle folder and its staged copy. */
export function folderHash(dir: string): string {
  const hash = createHash('sha256');
  for (const file of filesBelow(dir)) {
    hash
      .update(file)
      .update('\0')
      .update(readFileSync(join(dir, file)))
      .update('\0');
  }
  return hash.digest('hex');
}

const SOURCE_SKIP = (rel: string, isDir: boolean) =>
  isDir
    ? ['node_modules', 'dist', 'cdk.out', 'test-support', 'testing', 'bundle'].includes(rel.split('/').pop() ?? '')
    : /\.spec\.ts$/.test(rel) || rel.endsWith('.tsbuildinfo');

interface PackageJson {
  readonly name?: string;
  readonly version?: string;
  readonly dependencies?: Record<string, string>;
}

/**
 * What the template depends on besides the bundles and the context: apps/infra's code and
 * configuration, the workspace packages it imports (followed through their own workspace
 * dependencies), and the installed version of every other library they depend on.
 */
function infrastructureInputs(root: string, hash: ReturnType<typeof createHash>): void {
  for (const file of ['tsconfig.base.json']) hash.update(file).update(readFileSync(join(root, file)));
  const seen = new Set<string>();
  const visit = (folder: string) => {
    const real = realpathSync(folder);
    if (seen.has(real)) return;
    seen.add(real);
    for (const file of filesBelow(real, SOURCE_SKIP)) {
      if (file.startsWith('README') || file.endsWith('.md')) continue;
      hash
        .update(relative(root, join(real, file)))
        .update('\0')
        .update(readFileSync(join(real, file)))
        .update('\0');
    }
    const pkg = JSON.parse(readFileSync(join(real, 'package.json'), 'utf8')) as PackageJson;
    for (const [name, range] of Object.entries(pkg.dependencies ?? {})) {
      const installed = join(real, 'node_modules', name);
      if (range.startsWith('workspace:')) visit(installed);
      else {
        const version = existsSync(join(installed, 'package.json'))
          ? (JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as PackageJson).version
          : 'missing';
        hash.update(`${name}@${version}\0`);
      }
    }
  };
  visit(join(root, INFRA));
}

/** The hash that names a mode's entry. */
export function inputsHash(request: Pick<SynthRequest, 'mode' | 'repositoryRoot' | 'context'>): string {
  const root = request.repositoryRoot;
  const hash = createHash('sha256');
  hash.update(`format ${CACHE_FORMAT}\0`);
  infrastructureInputs(root, hash);
  for (const bundle of MODE_BUNDLES[request.mode]) hash.update(`${bundle}\0${folderHash(join(root, bundle))}\0`);
  hash.update(JSON.stringify(sortKeys(synthContext(request))));
  if (request.mode === 'container') hash.update(`region ${CONTAINER_SYNTH.region}\0`);
  return hash.digest('hex').slice(0, 20);
}

function sortKeys(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)));
}

interface EntryInfo {
  readonly synthMs: number;
  readonly createdAt: string;
  readonly assets: Record<string, string>;
}

async function readEntry(entry: string): Promise<{ template: unknown; info: EntryInfo } | undefined> {
  try {
    const [template, info] = await Promise.all([
      readFile(join(entry, 'template.json'), 'utf8'),
      readFile(join(entry, 'entry.json'), 'utf8'),
    ]);
    return { template: JSON.parse(template), info: JSON.parse(info) as EntryInfo };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Runs `command` (cdk.json's form: `node <script> ...`, or the program and its arguments) in `cwd`; rejects with its output when it fails. */
function run(
  command: string | readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
  what: string,
  reproduce: string,
): Promise<void> {
  const [program, ...args] = typeof command === 'string' ? command.split(/\s+/).filter(Boolean) : command;
  const executable = program === 'node' ? process.execPath : (program ?? 'node');
  return new Promise((resolvePromise, reject) => {
    const child = spawn(executable, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-8000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', (error) => reject(new SynthError(`${what} could not run (${command}): ${error.message}`)));
    child.on('close', (code) => {
      if (code === 0) resolvePromise();
      else
        reject(
          new SynthError(`${what} failed (exit code ${code}):\n${output.trim()}\nReproduce it with: ${reproduce}`),
        );
    });
  });
}

/** The environment of the build and the synthesis: this process's, without what would tie the template to an account or region. */
function childEnvironment(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  for (const name of ['CDK_DEFAULT_REGION', 'CDK_DEFAULT_ACCOUNT', 'CDK_CONTEXT_JSON', 'CDK_OUTDIR', 'NODE_OPTIONS']) {
    if (!(name in extra)) delete env[name];
  }
  return env;
}

/**
 * Builds and runs the CDK app into a fresh folder, then keeps its template and the map of its
 * function assets to the bundle folders they copy in `entry`.
 */
async function synthesizeInto(request: SynthRequest, entry: string, hash: string): Promise<EntryInfo> {
  const root = request.repositoryRoot;
  const progress = request.onProgress ?? (() => {});
  const cdkJson = readCdkJson(root);
  const infra = join(root, INFRA);
  const reproduce =
    request.mode === 'container'
      ? `AWS_REGION=${CONTAINER_SYNTH.region} pnpm --filter @secure-notes/infra exec cdk synth -c runtime=container -c certificateArn=${CONTAINER_SYNTH.certificateArn} -c domainName=${CONTAINER_SYNTH.domainName}`
      : `pnpm --filter @secure-notes/infra exec cdk synth -c authorizer=${request.mode}`;
  const started = performance.now();
  if (cdkJson.build !== undefined) {
    progress(`Building the infrastructure app (${INFRA}: ${cdkJson.build}) ...`);
    await run(cdkJson.build, infra, childEnvironment({}), 'Building the infrastructure app', reproduce);
  }
  const outdir = await mkdtemp(join(tmpdir(), 'secure-notes-synth-'));
  try {
    progress(`Synthesizing the CDK app for ${modeName(request.mode)} (apps/infra's createSecureNotesApp) ...`);
    // The app as bin/secure-notes.ts builds it, but for the web app's build and the image's build
    // context: the local stack serves neither from the template, so stand-ins keep the template
    // (and its cache entry) independent of whether, and how, apps/web was built, and the
    // synthesis from copying the repository into an image context nobody builds.
    const webStandIn = join(outdir, '..', `${basename(outdir)}-web`);
    await mkdir(join(webStandIn, 'image'), { recursive: true });
    await writeFile(join(webStandIn, 'index.html'), WEB_STAND_IN);
    await writeFile(join(webStandIn, 'image', 'Dockerfile'), IMAGE_STAND_IN);
    await run(
      ['node', '--input-type=module', '-e', synthScript(join(infra, 'dist', 'src', 'app.js'), webStandIn)],
      infra,
      childEnvironment({
        CDK_OUTDIR: outdir,
        CDK_CONTEXT_JSON: JSON.stringify(synthContext(request)),
        ...(request.mode === 'container' ? { CDK_DEFAULT_REGION: CONTAINER_SYNTH.region } : {}),
      }),
      'Synthesizing the infrastructure app',
      reproduce,
    );
    const manifest = JSON.parse(await readFile(join(outdir, 'manifest.json'), 'utf8')) as {
      artifacts?: Record<string, { type?: string; properties?: { templateFile?: string } }>;
    };
    const stacks = Object.values(manifest.artifacts ?? {}).filter((a) => a.type === 'aws:cloudformation:stack');
    const templateFile = stacks[0]?.properties?.templateFile;
    if (stacks.length !== 1 || templateFile === undefined) {
      throw new SynthError(
        `The infrastructure app synthesized ${stacks.length} stacks; the local stack runs exactly one. Reproduce it with: ${reproduce}`,
      );
    }
    const bundles = new Map(MODE_BUNDLES[request.mode].map((bundle) => [folderHash(join(root, bundle)), bundle]));
    const assets: Record<string, string> = {};
    for (const name of await readdir(outdir)) {
      if (!name.startsWith('asset.') || !statSync(join(outdir, name)).isDirectory()) continue;
      const bundle = bundles.get(folderHash(join(outdir, name)));
      if (bundle !== undefined) assets[name] = bundle;
    }
    const info: EntryInfo = {
      synthMs: Math.round(performance.now() - started),
      createdAt: new Date().toISOString(),
      assets,
    };
    const staging = `${entry}.${process.pid}.tmp`;
    await rm(staging, { recursive: true, force: true });
    await mkdir(staging, { recursive: true });
    await writeFile(join(staging, 'template.json'), await readFile(join(outdir, templateFile)));
    await writeFile(join(staging, 'entry.json'), `${JSON.stringify({ ...info, hash, mode: request.mode }, null, 2)}\n`);
    await rm(entry, { recursive: true, force: true });
    await rename(staging, entry);
    return info;
  } finally {
    await rm(outdir, { recursive: true, force: true });
    await rm(join(outdir, '..', `${basename(outdir)}-web`), { recursive: true, force: true });
  }
}

/** `AUTHORIZER=token`, or `runtime=container`: how messages name a mode. */
export function modeName(mode: TemplateMode): string {
  return mode === 'container' ? 'runtime=container' : `AUTHORIZER=${mode}`;
}

/** The image's stand-in build context: the local stack runs the server itself, never the image. */
const IMAGE_STAND_IN =
  '# Stand-in: the local stack runs apps/server itself; the image is built at deploy.\nFROM scratch\n';

/** The web app's stand-in build: what the template's deployment of the web app is synthesized from. */
const WEB_STAND_IN =
  '<!doctype html><title>Secure Notes (stand-in: the Lambda runtime does not serve the web app)</title>\n';

/**
 * The program that synthesizes the app: apps/infra's own `createSecureNotesApp` (the context and
 * the output folder come from CDK_CONTEXT_JSON and CDK_OUTDIR, as under the CLI), the web app's
 * build replaced by the stand-in; a configuration or asset problem ends it with its message.
 */
function synthScript(appModule: string, webStandIn: string): string {
  return `
import { pathToFileURL } from 'node:url';
const { createSecureNotesApp } = await import(pathToFileURL(${JSON.stringify(appModule)}).href);
try {
  createSecureNotesApp({ assets: { webApp: ${JSON.stringify(webStandIn)}, containerContext: ${JSON.stringify(join(webStandIn, 'image'))}, dockerfile: 'Dockerfile' } }).app.synth();
} catch (error) {
  if (error?.name === 'DeploymentConfigError' || error?.name === 'MissingAssetError') {
    process.stderr.write(error.message + '\\n');
    process.exit(1);
  }
  throw error;
}
`;
}

/** Removes all but the newest entries of `mode`. */
async function prune(cacheDir: string, mode: TemplateMode, keep: string): Promise<void> {
  const entries = (await readdir(cacheDir))
    .filter((name) => name.startsWith(`${mode}-`) && !name.endsWith('.tmp'))
    .map((name) => ({ name, at: statSync(join(cacheDir, name)).mtimeMs }))
    .sort((a, b) => b.at - a.at);
  for (const { name } of entries.slice(ENTRIES_KEPT_PER_MODE)) {
    if (name !== keep) await rm(join(cacheDir, name), { recursive: true, force: true });
  }
}

/** Where entries are kept by default. */
export function defaultCacheDir(repositoryRoot: string): string {
  return join(repositoryRoot, 'node_modules', '.cache', 'secure-notes-templates');
}

/**
 * The template of `mode`: the cached one when its inputs did not change, else synthesized now.
 *
 * @example
 * const { templatePath, synthesized, synthMs } = await synthesizedTemplate({ mode: 'token', repositoryRoot });
 */
export async function synthesizedTemplate(request: SynthRequest): Promise<SynthesizedTemplate> {
  const root = resolve(request.repositoryRoot);
  const cacheDir = request.cacheDir ?? defaultCacheDir(root);
  const missing = MODE_BUNDLES[request.mode].filter((bundle) => !existsSync(join(root, bundle, 'index.mjs')));
  if (missing.length > 0) {
    throw new SynthError(
      `The Lambda bundles are missing (${missing.join(', ')}): run \`pnpm build:lambdas\` first (\`npm start\` does it for you).`,
    );
  }
  const hash = inputsHash({ ...request, repositoryRoot: root });
  const entry = join(cacheDir, `${request.mode}-${hash}`);
  const result = (info: EntryInfo, template: unknown, synthesized: boolean): SynthesizedTemplate => ({
    mode: request.mode,
    templatePath: join(entry, 'template.json'),
    template,
    hash,
    assets: info.assets,
    synthesized,
    synthMs: info.synthMs,
    createdAt: info.createdAt,
  });
  const cached = await readEntry(entry);
  if (cached !== undefined) return result(cached.info, cached.template, false);

  await mkdir(cacheDir, { recursive: true });
  // One synthesis at a time across processes: they share apps/infra/dist, and a second start
  // that wanted the same entry finds it made when the lock is its turn.
  request.onProgress?.(
    `No template synthesized yet from these inputs (${modeName(request.mode)}: the infrastructure, its bundles or the context changed) ...`,
  );
  const release = await lockfile.lock(cacheDir, {
    lockfilePath: join(cacheDir, 'synth.lock'),
    realpath: false,
    stale: 30_000,
    update: 5_000,
    retries: { retries: 600, minTimeout: 100, maxTimeout: 1_000 },
  });
  try {
    const madeMeanwhile = await readEntry(entry);
    if (madeMeanwhile !== undefined) return result(madeMeanwhile.info, madeMeanwhile.template, false);
    const info = await synthesizeInto({ ...request, repositoryRoot: root }, entry, hash);
    await prune(cacheDir, request.mode, `${request.mode}-${hash}`);
    const made = await readEntry(entry);
    if (made === undefined) throw new SynthError(`The synthesized template was not kept in ${entry}.`);
    return result(info, made.template, true);
  } finally {
    await release();
  }
}
