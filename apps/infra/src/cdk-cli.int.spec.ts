/**
 * `cdk synth` as a user runs it, through cdk.json: its `build` compiles the app to dist/, its
 * `app` runs the compiled entry point, with the repository's Lambda bundles and web app build
 * (`pnpm build:lambdas` and `pnpm build:web` first, as `npm test` does). No AWS account, no Docker, no network: the region comes
 * from the environment, and notices, telemetry and the version check are off.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { temporaryFolder } from './testing/synth.js';

const infraRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

function cdkSynth(...args: string[]) {
  const output = temporaryFolder('secure-notes-cli-');
  const result = spawnSync(
    process.execPath,
    [
      join(infraRoot, 'node_modules/aws-cdk/bin/cdk'),
      'synth',
      '--no-notices',
      '--no-version-reporting',
      '-q',
      '-o',
      output,
      ...args,
    ],
    {
      cwd: infraRoot,
      encoding: 'utf8',
      timeout: 240_000,
      env: {
        ...process.env,
        AWS_REGION: 'eu-west-1',
        CDK_DISABLE_VERSION_CHECK: '1',
        CDK_DISABLE_CLI_TELEMETRY: '1',
        AWS_EC2_METADATA_DISABLED: 'true',
        // No profile or credentials: nothing is looked up.
        AWS_PROFILE: '',
        AWS_ACCESS_KEY_ID: '',
        AWS_SECRET_ACCESS_KEY: '',
      },
    },
  );
  return { ...result, output };
}

describe('cdk synth', { timeout: 300_000 }, () => {
  it("builds and synthesizes the stack from cdk.json's context", () => {
    const { status, stderr, output } = cdkSynth();
    expect(stderr).not.toMatch(/error/i);
    expect(status).toBe(0);
    const template = JSON.parse(readFileSync(join(output, 'SecureNotes-dev.template.json'), 'utf8')) as {
      Resources: Record<string, { Type: string }>;
    };
    expect(Object.values(template.Resources).map((r) => r.Type)).toEqual(
      expect.arrayContaining([
        'AWS::Cognito::UserPool',
        'AWS::DynamoDB::Table',
        'AWS::ApiGateway::RestApi',
        'AWS::CloudFront::Distribution',
        'Custom::CDKBucketDeployment',
      ]),
    );
    expect(existsSync(join(infraRoot, 'dist/bin/secure-notes.js'))).toBe(true);
  });

  it('stops with the bad keys named, and no stack trace, when the context is wrong', () => {
    const { status, stderr } = cdkSynth('-c', 'authorizer=bogus', '-c', 'stage=Prod');
    expect(status).not.toBe(0);
    expect(stderr).toContain('Invalid CDK context; fix these in apps/infra/cdk.json or with -c key=value');
    expect(stderr).toContain('authorizer is "bogus", but must be one of cognito, token, request');
    expect(stderr).toContain('stage is "Prod", but must be 1-16 lowercase letters');
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});
