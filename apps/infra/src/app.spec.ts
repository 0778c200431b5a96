/**
 * The app as `cdk synth` and `cdk deploy` run it: cdk.json's context, this repository's real
 * Lambda bundles and Dockerfile. `npm test` builds the bundles (`pnpm build:lambdas`) before the
 * tests; run alone, this file fails with the command to run when they are missing. The web app's
 * build is a fixture here: what it holds is the web app's tests' concern.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { createSecureNotesApp } from './app.js';
import { MissingAssetError } from './config/asset-paths.js';
import { DeploymentConfigError, type DeploymentMode } from './config/deployment-config.js';
import {
  cdkJsonContext,
  makeFixtureWebApp,
  modeContext,
  SYNTH_TIMEOUT,
  TEST_REGION,
  temporaryFolder,
} from './testing/synth.js';

function synthesizeReal(mode: DeploymentMode) {
  const built = createSecureNotesApp({
    context: { ...cdkJsonContext(), ...modeContext(mode) },
    outdir: temporaryFolder('secure-notes-real-'),
    region: TEST_REGION,
    assets: { webApp: makeFixtureWebApp() },
  });
  const assembly = built.app.synth();
  return { ...built, assembly, template: Template.fromStack(built.stack) };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((path) => statSync(join(dir, path)).isFile());
}

describe('the infrastructure app', { timeout: SYNTH_TIMEOUT }, () => {
  for (const mode of ['cognito', 'token', 'request'] as const) {
    it(`synthesizes with the repository's Lambda bundles (${mode})`, () => {
      const { template, assembly, stack } = synthesizeReal(mode);
      const functions = Object.values(
        template.findResources('AWS::Lambda::Function', { Properties: { Runtime: 'nodejs24.x' } }),
      ) as { Properties: { Code: { S3Key: string } } }[];
      expect(functions).toHaveLength(mode === 'cognito' ? 1 : 2);
      const manifest = JSON.parse(
        readFileSync(join(assembly.directory, `${stack.artifactId}.assets.json`), 'utf8'),
      ) as {
        files: Record<string, { source: { path: string; packaging: string } }>;
      };
      for (const fn of functions) {
        const bundle = manifest.files[fn.Properties.Code.S3Key.replace(/\.zip$/, '')];
        expect(bundle?.source.packaging).toBe('zip');
        expect(filesUnder(join(assembly.directory, bundle!.source.path))).toContain('index.mjs');
      }
    });
  }

  it("synthesizes the container with the repository as the image's build context, without what it must not send", () => {
    const { assembly, stack } = synthesizeReal('container');
    const manifest = JSON.parse(readFileSync(join(assembly.directory, `${stack.artifactId}.assets.json`), 'utf8')) as {
      dockerImages: Record<string, { source: { directory: string } }>;
    };
    const [image] = Object.values(manifest.dockerImages);
    const files = filesUnder(join(assembly.directory, image!.source.directory));
    expect(files).toEqual(expect.arrayContaining(['apps/server/Dockerfile', 'pnpm-lock.yaml', 'package.json']));
    expect(
      files.filter((file) => /(^|\/)(node_modules|dist|\.data|\.toolchain|\.git|cdk\.out|bundle)\//.test(file)),
    ).toEqual([]);
  });

  it('refuses to build without the bundles, naming the command that builds them', () => {
    const build = () =>
      createSecureNotesApp({
        context: { ...cdkJsonContext(), ...modeContext('token') },
        outdir: temporaryFolder('secure-notes-real-'),
        region: TEST_REGION,
        assets: { tokenAuthorizer: join(temporaryFolder('secure-notes-empty-'), 'token'), webApp: makeFixtureWebApp() },
      });
    expect(build).toThrow(MissingAssetError);
    expect(build).toThrow(/the TOKEN authorizer: .*token\/index\.mjs\nRun `pnpm build:lambdas` at the repository root/);
  });

  it('asks for the region the container deploys to, when the CLI knows none', () => {
    const region = process.env.CDK_DEFAULT_REGION;
    delete process.env.CDK_DEFAULT_REGION;
    try {
      expect(() =>
        createSecureNotesApp({
          context: { ...cdkJsonContext(), ...modeContext('container') },
          outdir: temporaryFolder('secure-notes-real-'),
          assets: { webApp: makeFixtureWebApp() },
        }),
      ).toThrow(
        new DeploymentConfigError(
          'runtime=container needs the target region: set AWS_REGION (or a profile with a region) and run again.',
        ),
      );
    } finally {
      if (region !== undefined) process.env.CDK_DEFAULT_REGION = region;
    }
  });
});
