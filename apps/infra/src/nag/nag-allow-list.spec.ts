import { Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { createSecureNotesApp, type SecureNotesAppOptions } from '../app.js';
import type { DeploymentMode } from '../config/deployment-config.js';
import {
  cdkJsonContext,
  makeFixtureAssets,
  modeContext,
  SYNTH_TIMEOUT,
  TEST_REGION,
  temporaryFolder,
} from '../testing/synth.js';
import { allowancesFor, applyNagAllowList, NAG_ALLOW_LIST } from './nag-allow-list.js';

const modes: readonly DeploymentMode[] = ['cognito', 'token', 'request', 'container'];
const variants: readonly { name: string; context: Record<string, string> }[] = [
  { name: 'dev', context: {} },
  {
    name: 'prod with CORS and alarm email',
    context: { stage: 'prod', corsOrigins: 'https://app.example.com', alarmEmail: 'ops@example.com' },
  },
];

function build(mode: DeploymentMode, context: Record<string, string>, options: Partial<SecureNotesAppOptions> = {}) {
  return createSecureNotesApp({
    context: { ...cdkJsonContext(), ...modeContext(mode), ...context },
    outdir: temporaryFolder('secure-notes-nag-'),
    assets: makeFixtureAssets(),
    region: TEST_REGION,
    ...options,
  });
}

/** The findings of the AwsSolutions pack, as `rule path-below-the-stack`. */
function findings(built: ReturnType<typeof build>): string[] {
  const report = new AwsSolutionsChecks(undefined, { verbose: true }).validateScope(built.app);
  return report.violations.flatMap((violation) =>
    violation.violatingResources.map(
      (resource) =>
        `${violation.ruleName} ${(resource.constructPath ?? resource.resourceLogicalId ?? '?').slice(built.stack.node.path.length + 1)}`,
    ),
  );
}

describe('cdk-nag allow-list', { timeout: SYNTH_TIMEOUT }, () => {
  for (const mode of modes) {
    const built = Object.fromEntries(variants.map((variant) => [variant.name, build(mode, variant.context)]));

    for (const variant of variants) {
      it(`leaves no AwsSolutions finding unacknowledged (${mode}, ${variant.name})`, () => {
        expect(findings(built[variant.name]!)).toEqual([]);
      });
    }

    it(`acknowledges exactly the findings the stack has, each of them on the list (${mode})`, () => {
      const unacknowledged = build(mode, variants[1]!.context, { acknowledgeNagAllowList: false });
      const expected = allowancesFor({ mode, stage: 'prod', region: TEST_REGION }).map((a) => `${a.rule} ${a.path}`);
      expect(findings(unacknowledged).sort()).toEqual(expected.sort());
    });

    it(`records no AwsSolutions acknowledgment but the list's, with its reasons (${mode})`, () => {
      const dev = built.dev!;
      const recorded = dev.app.node.findAll().flatMap((node) =>
        node.node.metadata
          .filter((entry) => entry.type === 'aws:cdk:acknowledged-rules')
          .flatMap((entry) =>
            Object.entries(entry.data as Record<string, string>).map(([id, reason]) => ({
              rule: id.replace(/^Annotation::/, ''),
              path: node.node.path.slice(dev.stack.node.path.length + 1),
              reason,
            })),
          ),
      );
      // aws-cdk-lib acknowledges some rules of its own CloudFormation checks; the list governs cdk-nag's.
      const ours = recorded.filter((entry) => entry.rule.startsWith('AwsSolutions-'));
      const expected = allowancesFor({ mode, stage: 'dev', region: TEST_REGION }).map(({ rule, path, reason }) => ({
        rule,
        path,
        reason,
      }));
      expect(ours).toEqual(expect.arrayContaining(expected));
      expect(ours).toHaveLength(expected.length);
    });
  }

  it('acknowledges the findings of a stack synthesized without a region, as the CLI does without a profile', () => {
    const region = process.env.CDK_DEFAULT_REGION;
    delete process.env.CDK_DEFAULT_REGION;
    try {
      const agnostic = createSecureNotesApp({
        context: { ...cdkJsonContext(), ...modeContext('cognito') },
        outdir: temporaryFolder('secure-notes-nag-'),
        assets: makeFixtureAssets(),
      });
      expect(agnostic.stack.region).toMatch(/^\$\{Token/);
      expect(findings(agnostic)).toEqual([]);
    } finally {
      if (region !== undefined) process.env.CDK_DEFAULT_REGION = region;
    }
  });

  it('uses every entry in some mode, and gives each a rule of the pack and a reason', () => {
    for (const allowance of NAG_ALLOW_LIST) {
      expect(allowance.modes.length, allowance.path).toBeGreaterThan(0);
      expect(allowance.rule).toMatch(/^AwsSolutions-[A-Z]+\d+(\[.+\])?$/);
      expect(allowance.reason.length, `${allowance.rule} ${allowance.path}`).toBeGreaterThan(40);
    }
  });

  it('refuses an entry whose resource the stack does not have, naming the file to fix', () => {
    const stack = new Stack();
    expect(() => applyNagAllowList(stack, { mode: 'cognito', stage: 'dev' })).toThrow(
      /names Auth\/UserPool\/Resource, which the cognito stack does not have.*nag-allow-list\.ts/,
    );
  });

  it('stops synthesis, and so every deploy, on a finding that is not on the list', () => {
    const built = build('cognito', {});
    new s3.Bucket(built.stack, 'Unreviewed');
    expect(() => built.app.synth()).toThrow(/AwsSolutions-S1|AwsSolutions-S10/);
  });
});
