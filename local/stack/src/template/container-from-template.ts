/**
 * The Express server's configuration from the container mode's template (`runtime=container`):
 * the ECS task definition's one container, its `Environment` and its `Secrets`, with each
 * reference to a resource the local stack provides (the table, the user pool and its clients,
 * the attachments bucket, the region, the cursor secret) replaced by the local value under the
 * same name, exactly the LOCAL_ENVIRONMENT variables the local stack sets on top, and the result
 * read by the server's own `loadConfig` (its schemas, `SERVER_SCHEMAS`). A variable the server
 * does not read (a renamed one would silently fall back to a default in production), a reference
 * with no local value, or a value the server refuses stops the start, naming the task definition
 * and the variable.
 */
import { loadConfig, SERVER_SCHEMAS, type ServerConfig } from '@secure-notes/server';
import { ConfigError, variablesOf } from '@secure-notes/service-kit/config';
import { type LocalResources, localEnvironment } from './local-environment.js';
import { withLocalWebApp } from './read-template.js';
import {
  type CfnTemplate,
  describeResource,
  type ResourceRef,
  TemplateError,
  type TemplateValue,
} from './template-model.js';
import { asObject, fail, refOf } from './template-values.js';

/** The container the task definition runs, as the template states it. */
export interface TemplateContainer extends ResourceRef {
  /** The container's name in the task definition. */
  readonly name: string;
  /** `Environment` and `Secrets` (each secret's `ValueFrom`), intrinsics included. */
  readonly environment: Readonly<Record<string, TemplateValue>>;
  readonly secrets: Readonly<Record<string, TemplateValue>>;
}

/** The one container of the template's one ECS task definition. */
export function readContainer(template: unknown): TemplateContainer {
  const resources = asObject((template as { Resources?: TemplateValue } | null)?.Resources as TemplateValue);
  if (resources === undefined)
    throw new TemplateError('The template has no Resources: is it a CloudFormation template?');
  const local = withLocalWebApp({ Resources: resources as unknown as CfnTemplate['Resources'] }).Resources;
  const tasks = Object.entries(local).filter(([, r]) => r.Type === 'AWS::ECS::TaskDefinition');
  if (tasks.length !== 1) {
    throw new TemplateError(
      `The container template holds ${tasks.length} AWS::ECS::TaskDefinition resources; the local stack runs the Express server from exactly one.`,
    );
  }
  const [logicalId, task] = tasks[0] as [string, CfnTemplate['Resources'][string]];
  const ref = { logicalId, type: 'AWS::ECS::TaskDefinition' };
  const definitions = task.Properties?.ContainerDefinitions;
  if (!Array.isArray(definitions) || definitions.length !== 1) {
    fail(ref, 'must run exactly one container (ContainerDefinitions), the Express server');
  }
  const container = asObject(definitions[0]) ?? {};
  const pairs = (key: 'Environment' | 'Secrets', value: 'Value' | 'ValueFrom'): Record<string, TemplateValue> => {
    const list = container[key] ?? [];
    if (!Array.isArray(list)) fail(ref, `${key} must be a list of { Name, ${value} }`);
    const out: Record<string, TemplateValue> = {};
    for (const item of list) {
      const entry = asObject(item) ?? {};
      if (typeof entry.Name !== 'string' || entry[value] === undefined) {
        fail(ref, `${key} holds ${JSON.stringify(item)}, not a { Name, ${value} }`);
      }
      if (entry.Name in out) fail(ref, `${key} names ${entry.Name} twice`);
      out[entry.Name] = entry[value] as TemplateValue;
    }
    return out;
  };
  const environment = pairs('Environment', 'Value');
  const secrets = pairs('Secrets', 'ValueFrom');
  for (const name of Object.keys(secrets)) {
    if (name in environment) fail(ref, `names ${name} both in Environment and in Secrets`);
  }
  return { ...ref, name: String(container.Name ?? ''), environment, secrets };
}

export interface ContainerLocalSide {
  /** The local values of the template's resources (see `LocalResources`; `region` answers `AWS::Region`). */
  readonly resources: LocalResources;
  /** The value of each secret the container receives, by the secret's logical id. */
  readonly secretValues: Readonly<Record<string, string>>;
  /** What the local stack sets on top: LOCAL_ENVIRONMENT's variables only. */
  readonly additions: Readonly<Record<string, string | undefined>>;
  /**
   * The stack's CORS_ORIGINS: added after the template's (the web app's origin, filled locally),
   * as the `corsOrigins` context adds them where it deploys.
   */
  readonly corsOrigins?: readonly string[];
  /** The table's and the user pool's logical ids in the template. */
  readonly tableRef: string;
  readonly poolRef: string;
}

export interface ContainerFromTemplate {
  readonly container: TemplateContainer;
  /** The environment the server is configured from (secrets included: never log it). */
  readonly environment: Readonly<Record<string, string>>;
  readonly config: ServerConfig;
}

/** The template's logical ids of the one resource of `type`. */
export function onlyOf(template: unknown, type: string): string {
  const resources = asObject((template as { Resources?: TemplateValue } | null)?.Resources as TemplateValue) ?? {};
  const ids = Object.entries(resources)
    .filter(([, r]) => asObject(r)?.Type === type)
    .map(([id]) => id);
  if (ids.length !== 1) {
    throw new TemplateError(
      `The container template holds ${ids.length} ${type} resources; the local stack provides exactly one.`,
    );
  }
  return ids[0] as string;
}

/**
 * The server's configuration from the container the template runs.
 *
 * @example
 * const { config } = containerFromTemplate(template, { resources, secretValues, additions, tableRef, poolRef });
 * await startServer({ config, logger });
 */
export function containerFromTemplate(template: unknown, local: ContainerLocalSide): ContainerFromTemplate {
  const container = readContainer(template);
  const read = new Set(variablesOf(SERVER_SCHEMAS));
  const unread = [...Object.keys(container.environment), ...Object.keys(container.secrets)].filter(
    (name) => !read.has(name),
  );
  if (unread.length > 0) {
    fail(
      container,
      `sets ${unread.join(', ')}, which the server does not read (apps/server's SERVER_SCHEMAS): a renamed or misspelt variable would be ignored where it deploys. Name it as the server reads it, in apps/infra.`,
    );
  }
  const secrets: Record<string, string> = {};
  for (const [name, valueFrom] of Object.entries(container.secrets)) {
    const secret = refOf(valueFrom);
    const value = secret === undefined ? undefined : local.secretValues[secret];
    if (value === undefined) {
      fail(
        container,
        `secret ${name} is read from ${JSON.stringify(valueFrom)}, a secret the local stack has no value for`,
      );
    }
    secrets[name] = value;
  }
  // The template's origins first (the web app's, filled locally), then the stack's.
  const templateOrigins = localEnvironment(container, local.resources, {}, local.tableRef, local.poolRef).CORS_ORIGINS;
  const corsOrigins = [
    ...new Set([
      ...(templateOrigins ?? '')
        .split(',')
        .map((origin) => origin.trim())
        .filter(Boolean),
      ...(local.corsOrigins ?? []),
    ]),
  ];
  const environment = {
    ...localEnvironment(
      container,
      local.resources,
      { ...local.additions, CORS_ORIGINS: corsOrigins.join(',') },
      local.tableRef,
      local.poolRef,
    ),
    ...secrets,
  };
  try {
    return { container, environment, config: loadConfig(environment, { onWarning: () => {} }) };
  } catch (error) {
    if (error instanceof ConfigError) {
      throw new TemplateError(
        `${describeResource(container)}: the server refuses the container's environment as the local stack fills it in:\n${error.message}`,
      );
    }
    throw error;
  }
}
