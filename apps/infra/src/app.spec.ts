/**
 * The app as `cdk synth` and `cdk deploy` run it: cdk.json's context, this repository's real
 * Lambda bundles and Dockerfile. `npm test` builds the bundles (`pnpm build:lambdas`) before the
 * tests; run alone, this file fails with the command to run when they are missing.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { createSecureNotesApp } from './app.js';
import { MissingAssetError } from './config/asset-paths.js';
import { DeploymentConfigError, type DeploymentMode } from './config/deployment-config.js';
import { cdkJsonContext, modeContext, SYNTH_TIMEOUT, TEST_REGION, temporaryFolder } from './testing/synth.js';

function synthesizeReal(mode: DeploymentMode) {
  const built = createSecureNotesApp({
    context: { ...cdkJsonContext(), ...modeContext(mode) },
    outdir: temporaryFolder('secure-notes-real-'),
    region: TEST_REGION,
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
      template.resourceCountIs('AWS::Lambda::Function', mode === 'cognito' ? 1 : 2);
      const manifest = JSON.parse(
        readFileSync(join(assembly.directory, `${stack.artifactId}.assets.json`), 'utf8'),
      ) as {
        files: Record<string, { source: { path: string; packaging: string } }>;
      };
      const bundles = Object.values(manifest.files).filter((file) => file.source.packaging === 'zip');
      expect(bundles).toHaveLength(mode === 'cognito' ? 1 : 2);
      for (const bundle of bundles) {
        const files = filesUnder(join(assembly.directory, bundle.source.path));
        expect(files).toContain('index.mjs');
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
        assets: { tokenAuthorizer: join(temporaryFolder('secure-notes-empty-'), 'token') },
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
