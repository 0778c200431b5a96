/**
 * What one deployment of the stack is: its stage, its authorizer, its runtime and the URLs and
 * origins it serves, read from CDK context (`cdk.json`, or `-c key=value` on the command line)
 * and checked before anything is built. A typo then stops `cdk synth` with the key, the value,
 * what is wrong and an example, instead of failing in CloudFormation minutes into a deploy.
 *
 * Context given with `-c` is always a string; `cdk.json` may hold strings or arrays. Lists
 * accept both: `-c corsOrigins=https://a.example,https://b.example`.
 *
 * One unit: the keys, their help, their defaults and the checks are one table a person reads
 * from top to bottom to know every setting of a deployment.
 */
import { ADDRESS_RATE_LIMIT, STAGE_THROTTLING } from '@secure-notes/http-api';

/** Which authorizer guards the API's methods: the tutorial's Part VI (Cognito) or Part VIII (Lambda, TOKEN or REQUEST). */
export type AuthorizerMode = 'cognito' | 'token' | 'request';
/** Where the API runs: Lambda behind API Gateway, or the Express container on ECS Fargate behind a load balancer. */
export type RuntimeMode = 'lambda' | 'container';
/** Log levels that both the Lambda functions (Powertools) and the server (pino) understand. */
export type LogLevel = 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/** One of the synthesizable shapes of the stack: the Lambda runtime with each authorizer, or the container. */
export type DeploymentMode = AuthorizerMode | 'container';

/** The container runtime's settings: the load balancer serves HTTPS only, so it needs a certificate and the name it is for. */
export interface ContainerSettings {
  /** An ACM certificate in the stack's region, for `domainName`. */
  readonly certificateArn: string;
  /** The host name clients use (a DNS record you own points it at the load balancer). */
  readonly domainName: string;
}

export interface DeploymentConfig {
  /** `dev` is disposable (everything is destroyed with the stack); any other stage protects its data. */
  readonly stage: string;
  readonly authorizer: AuthorizerMode;
  readonly runtime: RuntimeMode;
  /** The managed login domain prefix; absent means `secure-notes-<stage>-<8 characters of the stack id>`. */
  readonly domainPrefix?: string;
  readonly callbackUrls: readonly string[];
  readonly logoutUrls: readonly string[];
  /** Browser origins allowed to call the API; none means no CORS at all. */
  readonly corsOrigins: readonly string[];
  readonly logLevel: LogLevel;
  /** Where alarm notifications go; absent means the topic has no subscriber until you add one. */
  readonly alarmEmail?: string;
  /** Present exactly when `runtime` is `container`. */
  readonly container?: ContainerSettings;
  /** The limits in front of the API (the stage's throttling, the web ACL's rule by address). */
  readonly limits: RequestLimits;
}

/**
 * What AWS lets through before the API sees a request. The defaults suit a small deployment;
 * the tests synthesize lower or higher ones (`-c addressRateLimit=…`) so that a suite can reach
 * them, or not, at its own scale.
 */
export interface RequestLimits {
  /** API Gateway's stage throttling: requests per second across every caller, and the burst. */
  readonly stageRatePerSecond: number;
  readonly stageBurst: number;
  /** The AWS WAF rate-based rule: requests one source address may send within the window (at least 10). */
  readonly addressRequests: number;
  /** The window the address rule counts over, in seconds: 60, 120, 300 or 600. */
  readonly addressWindowSeconds: 60 | 120 | 300 | 600;
}

/** The context keys, what each is for and an example; printed with any error about them and kept in the README. */
export const CONTEXT_HELP = {
  stage:
    'the deployment stage and API Gateway stage name, e.g. dev or prod (only dev is destroyed with its data; without domainPrefix, no aws, amazon or cognito in it)',
  authorizer: 'cognito (the Cognito authorizer, tutorial Part VI), token or request (the Lambda authorizer, Part VIII)',
  runtime: 'lambda (API Gateway and Lambda) or container (the Express image on ECS Fargate behind a load balancer)',
  domainPrefix: 'the managed login domain prefix, e.g. my-notes-dev (lowercase letters, digits, hyphens)',
  callbackUrls:
    'where managed login sends the authorization code, comma-separated, e.g. http://localhost:3000/callback',
  logoutUrls: 'where managed login may send users after sign-out, comma-separated, e.g. http://localhost:3000/',
  corsOrigins:
    'browser origins allowed to call the API, comma-separated, e.g. https://app.example.com (none by default)',
  logLevel: 'error, warn, info, debug, trace or silent',
  alarmEmail: 'an email address subscribed to the alarms topic, e.g. ops@example.com',
  certificateArn: 'runtime=container only: an ACM certificate ARN in the stack region for domainName',
  stageRateLimit: 'API Gateway stage throttling, requests per second across every caller, e.g. 50',
  stageBurstLimit: 'API Gateway stage throttling, the burst above the rate, e.g. 100',
  addressRateLimit:
    'the AWS WAF rate-based rule: requests one source address may send per window, at least 10, e.g. 1000',
  addressRateWindow: 'the window the address rule counts over, in seconds: 60, 120, 300 or 600',
  domainName: 'runtime=container only: the host name that serves the API, e.g. notes.example.com',
} as const satisfies Record<string, string>;

export type ContextKey = keyof typeof CONTEXT_HELP;

/** The defaults `cdk.json` also states, so that a bare `new App()` and the CLI agree. */
export const CONTEXT_DEFAULTS = {
  stage: 'dev',
  authorizer: 'cognito',
  runtime: 'lambda',
  callbackUrls: 'http://localhost:3000/callback',
  logoutUrls: 'http://localhost:3000/',
  corsOrigins: '',
  logLevel: 'info',
  // The limits the local API Gateway enforces too: one definition, in the contract.
  stageRateLimit: String(STAGE_THROTTLING.rateLimit),
  stageBurstLimit: String(STAGE_THROTTLING.burstLimit),
  addressRateLimit: String(ADDRESS_RATE_LIMIT.limit),
  addressRateWindow: String(ADDRESS_RATE_LIMIT.windowSeconds) as '60' | '120' | '300' | '600',
} as const satisfies Partial<Record<ContextKey, string>>;

/** Raised when the context holds a value the stack cannot be built from; the message lists every problem. */
export class DeploymentConfigError extends Error {
  override readonly name = 'DeploymentConfigError';
}

/** Anything that reads context: a construct node (`app.node`) or a plain lookup in tests. */
export interface ContextSource {
  tryGetContext(key: string): unknown;
}

const AUTHORIZERS: readonly AuthorizerMode[] = ['cognito', 'token', 'request'];
const RUNTIMES: readonly RuntimeMode[] = ['lambda', 'container'];
const LOG_LEVELS: readonly LogLevel[] = ['error', 'warn', 'info', 'debug', 'trace', 'silent'];

/**
 * Reads and checks the deployment's context; throws a `DeploymentConfigError` naming every bad key.
 *
 * @example
 * const config = readDeploymentConfig(app.node);
 * config.authorizer // 'cognito'
 */
export function readDeploymentConfig(source: ContextSource): DeploymentConfig {
  const problems: string[] = [];
  const reader = new ContextReader(source, problems);

  const stage = reader.text('stage', CONTEXT_DEFAULTS.stage, (value) =>
    /^[a-z][a-z0-9-]{0,15}$/.test(value)
      ? undefined
      : 'must be 1-16 lowercase letters, digits or hyphens, starting with a letter',
  );
  const authorizer = reader.oneOf('authorizer', AUTHORIZERS, CONTEXT_DEFAULTS.authorizer);
  const runtime = reader.oneOf('runtime', RUNTIMES, CONTEXT_DEFAULTS.runtime);
  const domainPrefix = reader.optionalText('domainPrefix', checkDomainPrefix);
  // The default managed login domain prefix is built from the stage, and Cognito refuses the
  // prefix mid-deploy when it holds a word it reserves.
  const reservedInStage = reservedWordIn(stage);
  if (domainPrefix === undefined && reservedInStage !== undefined) {
    problems.push(
      line(
        'stage',
        `is "${stage}", but contains "${reservedInStage}", which Cognito reserves: the default managed login domain prefix (secure-notes-${stage}-…) would be refused mid-deploy; choose another stage, or set domainPrefix`,
      ),
    );
  }
  const callbackUrls = reader.list('callbackUrls', CONTEXT_DEFAULTS.callbackUrls, checkRedirectUrl, 1);
  const logoutUrls = reader.list('logoutUrls', CONTEXT_DEFAULTS.logoutUrls, checkRedirectUrl, 0);
  const corsOrigins = reader
    .list('corsOrigins', CONTEXT_DEFAULTS.corsOrigins, checkOrigin, 0)
    .map((o) => new URL(o).origin);
  const logLevel = reader.oneOf('logLevel', LOG_LEVELS, CONTEXT_DEFAULTS.logLevel);
  const alarmEmail = reader.optionalText('alarmEmail', (value) =>
    /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(value) ? undefined : 'must be an email address',
  );
  const certificateArn = reader.optionalText('certificateArn', (value) =>
    /^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[\w-]+$/.test(value)
      ? undefined
      : 'must be an ACM certificate ARN, e.g. arn:aws:acm:us-east-1:123456789012:certificate/1234abcd-...',
  );
  const domainName = reader.optionalText('domainName', (value) =>
    /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/.test(value)
      ? undefined
      : 'must be a host name such as notes.example.com',
  );

  const limits: RequestLimits = {
    stageRatePerSecond: reader.wholeNumber('stageRateLimit', CONTEXT_DEFAULTS.stageRateLimit, 1, 10_000),
    stageBurst: reader.wholeNumber('stageBurstLimit', CONTEXT_DEFAULTS.stageBurstLimit, 0, 5_000),
    // WAF's own bounds for a rate-based rule's limit.
    addressRequests: reader.wholeNumber('addressRateLimit', CONTEXT_DEFAULTS.addressRateLimit, 10, 2_000_000_000),
    addressWindowSeconds: Number(
      reader.oneOf('addressRateWindow', ['60', '120', '300', '600'], CONTEXT_DEFAULTS.addressRateWindow),
    ) as RequestLimits['addressWindowSeconds'],
  };

  let container: ContainerSettings | undefined;
  if (runtime === 'container') {
    if (certificateArn === undefined) {
      problems.push(
        line(
          'certificateArn',
          'is required with runtime=container: the load balancer serves the API (and its bearer tokens) over HTTPS only',
        ),
      );
    }
    if (domainName === undefined) problems.push(line('domainName', 'is required with runtime=container'));
    if (certificateArn !== undefined && domainName !== undefined) container = { certificateArn, domainName };
    if (authorizer !== 'cognito') {
      problems.push(
        line(
          'authorizer',
          `is "${authorizer}", but applies to runtime=lambda only: the container verifies tokens itself`,
        ),
      );
    }
  } else {
    for (const key of ['certificateArn', 'domainName'] as const) {
      if (source.tryGetContext(key) !== undefined) problems.push(line(key, 'applies to runtime=container only'));
    }
  }

  if (problems.length > 0) {
    throw new DeploymentConfigError(
      `Invalid CDK context; fix these in apps/infra/cdk.json or with -c key=value, then run again:\n${problems.join('\n')}`,
    );
  }
  return {
    stage,
    authorizer,
    runtime,
    callbackUrls,
    logoutUrls,
    corsOrigins: [...new Set(corsOrigins)],
    logLevel,
    limits,
    ...(domainPrefix !== undefined ? { domainPrefix } : {}),
    ...(alarmEmail !== undefined ? { alarmEmail } : {}),
    ...(container !== undefined ? { container } : {}),
  };
}

/** The mode a configuration synthesizes: its authorizer on Lambda, or `container`. */
export function deploymentModeOf(config: Pick<DeploymentConfig, 'runtime' | 'authorizer'>): DeploymentMode {
  return config.runtime === 'container' ? 'container' : config.authorizer;
}

function line(key: ContextKey, message: string): string {
  return `  - ${key} ${message} (${CONTEXT_HELP[key]})`;
}

class ContextReader {
  constructor(
    private readonly source: ContextSource,
    private readonly problems: string[],
  ) {}

  private raw(key: ContextKey): unknown {
    return this.source.tryGetContext(key);
  }

  text(key: ContextKey, fallback: string, check: (value: string) => string | undefined): string {
    return this.optionalText(key, check) ?? fallback;
  }

  optionalText(key: ContextKey, check: (value: string) => string | undefined): string | undefined {
    const value = this.raw(key);
    if (value === undefined || value === null || value === '') return undefined;
    if (typeof value !== 'string') {
      this.problems.push(line(key, `must be a string, not ${JSON.stringify(value)}`));
      return undefined;
    }
    const problem = check(value.trim());
    if (problem !== undefined) {
      this.problems.push(line(key, `is "${value}", but ${problem}`));
      return undefined;
    }
    return value.trim();
  }

  /** A whole number from `min` to `max`; the CLI's `-c` gives it as a string, cdk.json may hold a number. */
  wholeNumber(key: ContextKey, fallback: string, min: number, max: number): number {
    const raw = this.raw(key);
    const text =
      raw === undefined || raw === null || raw === '' ? fallback : typeof raw === 'number' ? String(raw) : raw;
    const value = typeof text === 'string' && /^\d+$/.test(text.trim()) ? Number(text.trim()) : Number.NaN;
    if (Number.isSafeInteger(value) && value >= min && value <= max) return value;
    this.problems.push(line(key, `is ${JSON.stringify(raw)}, but must be a whole number from ${min} to ${max}`));
    return Number(fallback);
  }

  oneOf<T extends string>(key: ContextKey, allowed: readonly T[], fallback: T): T {
    const value = this.optionalText(key, (v) =>
      (allowed as readonly string[]).includes(v) ? undefined : `must be one of ${allowed.join(', ')}`,
    );
    return (value as T | undefined) ?? fallback;
  }

  list(key: ContextKey, fallback: string, check: (value: string) => string | undefined, min: number): string[] {
    const value = this.raw(key) ?? fallback;
    let items: string[];
    if (typeof value === 'string') items = value.split(',');
    else if (Array.isArray(value) && value.every((item) => typeof item === 'string')) items = value as string[];
    else {
      this.problems.push(
        line(key, `must be a comma-separated string or a list of strings, not ${JSON.stringify(value)}`),
      );
      return [];
    }
    items = items.map((item) => item.trim()).filter(Boolean);
    const bad = items.flatMap((item) => {
      const problem = check(item);
      return problem === undefined ? [] : [`"${item}" ${problem}`];
    });
    if (bad.length > 0) this.problems.push(line(key, bad.join('; ')));
    else if (items.length < min) this.problems.push(line(key, `needs at least ${min} value${min === 1 ? '' : 's'}`));
    return bad.length > 0 ? [] : items;
  }
}

function checkDomainPrefix(value: string): string | undefined {
  if (!/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(value)) {
    return 'must be 1-63 lowercase letters, digits or hyphens, not starting or ending with a hyphen';
  }
  const reserved = reservedWordIn(value);
  return reserved === undefined ? undefined : `must not contain "${reserved}" (Cognito reserves it)`;
}

/** The words Cognito refuses in a domain prefix. */
const COGNITO_RESERVED_WORDS = ['aws', 'amazon', 'cognito'] as const;

function reservedWordIn(value: string): string | undefined {
  return COGNITO_RESERVED_WORDS.find((word) => value.includes(word));
}

/** Cognito accepts HTTPS redirect URLs, and plain HTTP for localhost only; never a fragment. */
function checkRedirectUrl(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'is not an absolute URL';
  }
  if (url.hash !== '' || value.includes('#')) return 'must not have a fragment';
  const localhost = url.hostname === 'localhost' || url.hostname === '127.0.0.1';
  if (url.protocol === 'https:' || (url.protocol === 'http:' && localhost)) return undefined;
  return 'must use https (plain http only for localhost)';
}

/** A browser origin: scheme, host and port, as browsers send it in `Origin`. */
function checkOrigin(value: string): string | undefined {
  if (value.includes('*')) return 'is a wildcard: list each origin';
  try {
    const url = new URL(value);
    if ((url.protocol === 'http:' || url.protocol === 'https:') && url.pathname === '/' && !url.search && !url.hash) {
      return undefined;
    }
  } catch {}
  return 'is not an origin such as https://app.example.com (scheme, host, optional port; no path)';
}
