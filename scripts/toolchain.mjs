#!/usr/bin/env node
// The project's entry point for `npm start` and `npm test` on a machine that has only git,
// Node and npm. It runs on any Node >= 18 with no dependencies, and:
//   1. uses the running Node when it satisfies package.json#engines, otherwise fetches the
//      Node named in .node-version from the npm registry (package `node-<os>-<arch>`) into
//      .toolchain/ (git-ignored);
//   2. fetches the pnpm pinned in package.json#packageManager the same way when no matching
//      pnpm is on PATH;
//   3. runs `pnpm install --frozen-lockfile` when node_modules is missing or older than the
//      lockfile;
//   4. runs `pnpm run <script>` with that Node first on PATH.
// Downloads go through `npm pack`, so the registry, proxy and integrity checks are npm's own.
// A second run finds everything in place and fetches nothing.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const toolchainDir = join(root, '.toolchain');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

function log(message) {
  process.stderr.write(`[toolchain] ${message}\n`);
}

function fail(message, hint) {
  process.stderr.write(`\n[toolchain] error: ${message}\n${hint ? `[toolchain] what to do: ${hint}\n` : ''}`);
  process.exit(1);
}

// --- a minimal semver range check: "^a.b.c", ">=a.b.c", "<a.b.c", joined by spaces and "||" ---
function parseVersion(text) {
  const match = /^v?(\d+)\.(\d+)\.(\d+)/.exec(text.trim());
  if (!match) throw new Error(`not a version: ${text}`);
  return match.slice(1, 4).map(Number);
}
function compare(a, b) {
  for (let i = 0; i < 3; i += 1) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}
function satisfies(version, range) {
  const v = parseVersion(version);
  return range.split('||').some((set) =>
    set
      .trim()
      .split(/\s+/)
      .every((comparator) => {
        const [, op, rest] = /^(\^|>=|<=|>|<|=)?(.*)$/.exec(comparator);
        const w = parseVersion(rest);
        const c = compare(v, w);
        switch (op) {
          case '^':
            return c >= 0 && v[0] === w[0];
          case '>=':
            return c >= 0;
          case '>':
            return c > 0;
          case '<=':
            return c <= 0;
          case '<':
            return c < 0;
          default:
            return c === 0;
        }
      }),
  );
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.error) fail(`could not run ${command}: ${result.error.message}`);
  return result.status ?? 1;
}

// Fetches `spec` from the npm registry with `npm pack` and unpacks its `package/` folder to `dest`.
function fetchPackage(spec, dest, what) {
  log(`fetching ${what} (${spec}) from the npm registry into ${dest} ...`);
  const scratch = join(tmpdir(), `secure-notes-toolchain-${process.pid}-${Date.now()}`);
  mkdirSync(scratch, { recursive: true });
  try {
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const packed = spawnSync(npm, ['pack', spec, '--json', '--pack-destination', scratch], {
      cwd: scratch,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      shell: process.platform === 'win32',
    });
    if (packed.status !== 0) {
      fail(
        `npm could not download ${spec}.`,
        'check that the npm registry is reachable (npm config get registry), or install the tool yourself and run again.',
      );
    }
    const [{ filename }] = JSON.parse(packed.stdout);
    const unpack = join(scratch, 'unpacked');
    mkdirSync(unpack);
    if (run('tar', ['-xzf', join(scratch, filename), '-C', unpack]) !== 0) {
      fail(`could not unpack ${filename}.`, 'make sure `tar` is installed.');
    }
    rmSync(dest, { recursive: true, force: true });
    mkdirSync(dirname(dest), { recursive: true });
    renameSync(join(unpack, 'package'), dest);
    log(`${what} ready.`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function ensureNode() {
  const range = manifest.engines?.node;
  if (!range) fail('package.json has no engines.node range.');
  if (satisfies(process.version, range)) return dirname(process.execPath);
  const wanted = readFileSync(join(root, '.node-version'), 'utf8').trim();
  const osName = { linux: 'linux', darwin: 'darwin', win32: 'win' }[process.platform];
  const binDir = join(toolchainDir, `node-v${wanted}`, 'bin');
  const binary = join(binDir, process.platform === 'win32' ? 'node.exe' : 'node');
  if (!existsSync(binary)) {
    log(`Node ${process.version} does not satisfy engines.node "${range}"; this project runs on Node ${wanted}.`);
    fetchPackage(`node-${osName}-${process.arch}@${wanted}`, join(toolchainDir, `node-v${wanted}`), `Node ${wanted}`);
  }
  if (!existsSync(binary)) {
    fail(
      `the Node package for ${process.platform}-${process.arch} has no binary at ${binary}.`,
      `install Node ${wanted} (or any version matching "${range}") yourself and run again.`,
    );
  }
  return binDir;
}

function ensurePnpm(env) {
  const [, version] = /^pnpm@(\d+\.\d+\.\d+)/.exec(manifest.packageManager ?? '') ?? [];
  if (!version) fail('package.json#packageManager does not pin pnpm (pnpm@x.y.z).');
  const found = spawnSync('pnpm', ['--version'], { env, encoding: 'utf8', shell: process.platform === 'win32' });
  if (found.status === 0 && found.stdout.trim() === version) return 'pnpm';
  const dir = join(toolchainDir, `pnpm-${version}`);
  const binary = join(dir, process.platform === 'win32' ? 'pnpm.exe' : 'pnpm');
  if (!existsSync(binary)) {
    const osName = { linux: 'linux', darwin: 'macos', win32: 'win' }[process.platform] ?? process.platform;
    const target = process.platform === 'darwin' ? `darwin-${process.arch}` : `${osName}-${process.arch}`;
    fetchPackage(`@pnpm/exe.${target}@${version}`, dir, `pnpm ${version}`);
  }
  return binary;
}

// Hash of everything that decides what `pnpm install` lays down.
function installFingerprint() {
  const hash = createHash('sha256');
  for (const file of ['pnpm-lock.yaml', 'pnpm-workspace.yaml']) {
    hash.update(existsSync(join(root, file)) ? readFileSync(join(root, file)) : '');
  }
  return hash.digest('hex');
}

function ensureInstalled(pnpm, env) {
  const stamp = join(root, 'node_modules', '.secure-notes-install');
  const fingerprint = installFingerprint();
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === fingerprint) return;
  log('installing dependencies (pnpm install --frozen-lockfile) ...');
  const status = run(pnpm, ['install', '--frozen-lockfile'], { cwd: root, env });
  if (status !== 0) {
    fail(
      'pnpm install --frozen-lockfile failed.',
      'if you changed package.json, run `pnpm install` to update pnpm-lock.yaml and commit it.',
    );
  }
  writeFileSync(stamp, fingerprint);
}

const [command, ...rest] = process.argv.slice(2);
const nodeBin = ensureNode();
const env = { ...process.env, PATH: `${nodeBin}${delimiter}${process.env.PATH ?? ''}` };
const pnpm = ensurePnpm(env);
if (pnpm !== 'pnpm') env.PATH = `${dirname(pnpm)}${delimiter}${env.PATH}`;
ensureInstalled(pnpm, env);
if (command === 'install') process.exit(0);
if (command !== 'run' || rest.length === 0) fail('usage: node scripts/toolchain.mjs run <script> [args...] | install');
process.exit(run(pnpm, ['run', ...rest], { cwd: root, env }));
