/**
 * Synthesizes the stack for the tests, offline: the Lambda bundles, the web app's build and the
 * image's build context are small fixtures made in a temporary folder (what the bundles hold is
 * not what these tests assert), the context is cdk.json's own (its feature flags included) plus the test's, and the
 * cloud assembly goes to a temporary folder. One synthesis per mode and file: tests share it.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Template } from 'aws-cdk-lib/assertions';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { afterAll } from 'vitest';
import { createSecureNotesApp, type SecureNotesApp } from '../app.js';
import type { NotesAssetPaths } from '../config/asset-paths.js';
import type { DeploymentMode } from '../config/deployment-config.js';

const infraRoot = join(dirname(fileURLToPath(import.meta.url)), '../..');

/** Fixture and cloud assembly folders made by this test file, removed when it ends. */
const temporaryFolders: string[] = [];
afterAll(() => {
  for (const folder of temporaryFolders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

/** A fresh temporary folder, removed after the test file. */
export function temporaryFolder(prefix: string): string {
  const folder = mkdtempSync(join(tmpdir(), prefix));
  temporaryFolders.push(folder);
  return folder;
}

/** The context cdk.json gives the CLI, feature flags included. */
export function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(join(infraRoot, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> };
  return { ...cdkJson.context };
}

/** A stand-in for the web app's build (`apps/web/dist`), in a fresh temporary folder. */
export function makeFixtureWebApp(): string {
  const root = temporaryFolder('secure-notes-web-');
  mkdirSync(join(root, 'assets'));
  writeFileSync(
    join(root, 'index.html'),
    '<!doctype html><html><head><script type="module" src="/assets/index-B1a2c3d4.js"></script></head><body><div id="root"></div></body></html>\n',
  );
  writeFileSync(join(root, 'assets/index-B1a2c3d4.js'), 'document.getElementById("root").textContent = "fixture";\n');
  // A development copy that the deployed config.json must replace.
  writeFileSync(join(root, 'config.json'), '{"apiUrl":"http://localhost:3000"}\n');
  return root;
}

/** Small stand-ins for the bundles and the repository, in a fresh temporary folder. */
export function makeFixtureAssets(): NotesAssetPaths {
  const root = temporaryFolder('secure-notes-infra-');
  const write = (path: string, content: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  };
  const handler = (name: string) => `export const handler = async () => { throw new Error('${name} fixture'); };\n`;
  write('bundles/notes/index.mjs', handler('notes'));
  write('bundles/token/index.mjs', handler('token authorizer'));
  write('bundles/request/index.mjs', handler('request authorizer'));
  // The repository as the image build would see it, with what must never reach the build context.
  write('repo/apps/server/Dockerfile', 'FROM node:24-slim\nCOPY . .\n');
  write('repo/apps/server/src/main.ts', 'export {};\n');
  write('repo/package.json', '{"name":"fixture"}\n');
  write('repo/.dockerignore', readFileSync(join(infraRoot, '../../.dockerignore'), 'utf8'));
  for (const excluded of [
    'repo/node_modules/left-pad/index.js',
    'repo/apps/server/node_modules/x/index.js',
    'repo/apps/server/dist/main.js',
    'repo/.data/notes.ldb',
    'repo/.toolchain/node/bin/node',
    'repo/.git/HEAD',
    'repo/apps/infra/cdk.out/manifest.json',
    'repo/apps/lambda-notes/bundle/index.mjs',
    'repo/.env',
  ]) {
    write(excluded, 'must not be in the image build context\n');
  }
  return {
    notesFunction: join(root, 'bundles/notes'),
    tokenAuthorizer: join(root, 'bundles/token'),
    requestAuthorizer: join(root, 'bundles/request'),
    containerContext: join(root, 'repo'),
    dockerfile: 'apps/server/Dockerfile',
    webApp: makeFixtureWebApp(),
  };
}

/** Synthesis takes a few seconds, more on a busy machine: the time a test that synthesizes may take. */
export const SYNTH_TIMEOUT = 60_000;

/** The region the tests synthesize for, as the CLI does from the profile. */
export const TEST_REGION = 'eu-west-1';

/** The context of each mode; the container needs its certificate and host name. */
export function modeContext(mode: DeploymentMode): Record<string, string> {
  if (mode === 'container') {
    return {
      runtime: 'container',
      certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555',
      domainName: 'notes.example.com',
    };
  }
  return { runtime: 'lambda', authorizer: mode };
}

export interface Synthesized extends SecureNotesApp {
  readonly template: Template;
  readonly assembly: CloudAssembly;
  readonly assets: NotesAssetPaths;
}

/**
 * Builds and synthesizes the app of `mode` with `context` on top of cdk.json's.
 *
 * @example
 * const { template } = synthesize('cognito', { corsOrigins: 'https://app.example.com' });
 */
export function synthesize(mode: DeploymentMode, context: Record<string, unknown> = {}): Synthesized {
  const assets = makeFixtureAssets();
  const built = createSecureNotesApp({
    context: { ...cdkJsonContext(), ...modeContext(mode), ...context },
    outdir: temporaryFolder('secure-notes-cdk-out-'),
    assets,
    region: TEST_REGION,
  });
  const assembly = built.app.synth();
  return { ...built, assets, assembly, template: Template.fromStack(built.stack) };
}

/**
 * A template value with the references the tests need followed: `Fn::Join` joined,
 * `Fn::Split` and `Fn::Select` applied, and `Ref`s to
 * the given logical ids replaced by the value the map gives (e.g. a resource server's identifier,
 * which `Ref` returns), and `Fn::GetAtt`s by the value given for `LogicalId.Attribute`. Any other
 * intrinsic stays as it is.
 */
export function resolveWith(value: unknown, refs: Readonly<Record<string, string>>): unknown {
  if (Array.isArray(value)) return value.map((item) => resolveWith(item, refs));
  if (value !== null && typeof value === 'object') {
    const object = value as Record<string, unknown>;
    const ref = object.Ref;
    if (typeof ref === 'string' && ref in refs) return refs[ref];
    const getAtt = object['Fn::GetAtt'] as [string, string] | undefined;
    if (getAtt !== undefined && `${getAtt[0]}.${getAtt[1]}` in refs) return refs[`${getAtt[0]}.${getAtt[1]}`];
    const split = object['Fn::Split'] as [string, unknown] | undefined;
    if (split !== undefined) {
      const source = resolveWith(split[1], refs);
      return typeof source === 'string' ? source.split(split[0]) : { 'Fn::Split': [split[0], source] };
    }
    const select = object['Fn::Select'] as [number, unknown] | undefined;
    if (select !== undefined) {
      const list = resolveWith(select[1], refs);
      return Array.isArray(list) && typeof list[select[0]] === 'string'
        ? list[select[0]]
        : { 'Fn::Select': [select[0], list] };
    }
    const join = object['Fn::Join'] as [string, unknown[]] | undefined;
    if (join !== undefined) {
      const parts = join[1].map((part) => resolveWith(part, refs));
      if (parts.every((part) => typeof part === 'string')) return parts.join(join[0]);
      return { 'Fn::Join': [join[0], parts] };
    }
    return Object.fromEntries(Object.entries(object).map(([key, item]) => [key, resolveWith(item, refs)]));
  }
  return value;
}

/** The domain name the tests give the web app's distribution (CloudFront assigns the real one). */
export const WEB_DOMAIN = 'd111111abcdef8.cloudfront.net';

/** The id the tests give the stack (CloudFormation assigns the real one at creation). */
export const STACK_ID =
  'arn:aws:cloudformation:eu-west-1:123456789012:stack/SecureNotes-dev/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b';

/**
 * The `resolveWith` map that gives the distribution its test domain and the stack's pseudo
 * parameters and named resources the values of `values` (by logical id).
 */
export function webRefs(template: Template, values: Readonly<Record<string, string>> = {}): Record<string, string> {
  const distributions = Object.keys(template.findResources('AWS::CloudFront::Distribution'));
  if (distributions.length !== 1) throw new Error(`expected one distribution, found ${distributions.length}`);
  return {
    [`${distributions[0]}.DomainName`]: WEB_DOMAIN,
    'AWS::URLSuffix': 'amazonaws.com',
    'AWS::StackId': STACK_ID,
    ...values,
  };
}
