#!/usr/bin/env node
import { createSecureNotesApp } from '../src/app.js';
/**
 * The CDK app that `cdk synth`, `cdk deploy` and `cdk destroy` run (see cdk.json): compiled to
 * dist/ by `tsc -b` first, because Node cannot load the workspace's TypeScript sources. A
 * configuration or build problem ends the run with its message, without a stack trace.
 */
import { MissingAssetError } from '../src/config/asset-paths.js';
import { DeploymentConfigError } from '../src/config/deployment-config.js';

try {
  createSecureNotesApp().app.synth();
} catch (error) {
  if (error instanceof DeploymentConfigError || error instanceof MissingAssetError) {
    process.stderr.write(`\n${error.message}\n\n`);
    process.exit(1);
  }
  throw error;
}
