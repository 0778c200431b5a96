/**
 * The infrastructure app, built the same way by `bin/secure-notes.ts` (under the CDK CLI) and by
 * the tests: context read and checked, the bundles the deployment ships checked, one stack for
 * the stage, and cdk-nag's AwsSolutions pack registered as a validation plugin, so that any
 * finding not on the allow-list stops synthesis (and with it every deploy).
 */
import { App, type AppProps, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import {
  assertAssetsExist,
  defaultAssetPaths,
  findRepositoryRoot,
  type NotesAssetPaths,
} from './config/asset-paths.js';
import { type DeploymentConfig, DeploymentConfigError, readDeploymentConfig } from './config/deployment-config.js';
import { SecureNotesStack, stackNameFor } from './stacks/secure-notes-stack.js';

export interface SecureNotesAppOptions {
  /** Context for the app; the CLI passes it through the environment, tests pass it here. */
  readonly context?: Record<string, unknown>;
  /** Where the cloud assembly goes; a temporary folder by default outside the CLI. */
  readonly outdir?: string;
  /** Asset folders in place of the repository's (tests use small fixtures). */
  readonly assets?: Partial<NotesAssetPaths>;
  /** The stack's region; the CLI's (`CDK_DEFAULT_REGION`, from the profile or `AWS_REGION`) by default. */
  readonly region?: string;
  /** See `SecureNotesStackProps.acknowledgeNagAllowList`. */
  readonly acknowledgeNagAllowList?: boolean;
}

export interface SecureNotesApp {
  readonly app: App;
  readonly stack: SecureNotesStack;
  readonly config: DeploymentConfig;
}

/**
 * Builds the app and its one stack; throws a `DeploymentConfigError` for bad context and a
 * `MissingAssetError` when a bundle has not been built.
 *
 * @example
 * const { app } = createSecureNotesApp();
 * app.synth();
 */
export function createSecureNotesApp(options: SecureNotesAppOptions = {}): SecureNotesApp {
  const appProps: AppProps = {
    ...(options.context !== undefined ? { context: options.context } : {}),
    ...(options.outdir !== undefined ? { outdir: options.outdir } : {}),
  };
  const app = new App(appProps);
  const config = readDeploymentConfig(app.node);
  const root = findRepositoryRoot();
  const assets: NotesAssetPaths = { ...defaultAssetPaths(root), ...options.assets };
  assertAssetsExist(config, assets, root);
  // Account-agnostic, and region-agnostic when no region is known: only the container runtime
  // needs one (the load balancer's access log bucket grants the region's log delivery account).
  const region = options.region ?? process.env.CDK_DEFAULT_REGION;
  if (region === undefined && config.runtime === 'container') {
    throw new DeploymentConfigError(
      'runtime=container needs the target region: set AWS_REGION (or a profile with a region) and run again.',
    );
  }
  const stack = new SecureNotesStack(app, stackNameFor(config.stage), {
    config,
    assets,
    ...(region !== undefined ? { env: { region } } : {}),
    ...(options.acknowledgeNagAllowList !== undefined
      ? { acknowledgeNagAllowList: options.acknowledgeNagAllowList }
      : {}),
    description: `Secure Notes (${config.stage}): the tutorial's Cognito, DynamoDB and API stack`,
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return { app, stack, config };
}
