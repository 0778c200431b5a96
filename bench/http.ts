/**
 * The HTTP half of `pnpm bench`: the project's server against a bare `node:http` hello and a
 * bare Express hello on the in-memory store, then against the bare SDK calls it makes on the
 * embedded DynamoDB emulator. Every server is a child process on port 0; autocannon runs here
 * with the same connections and duration for every target, and the rounds are interleaved
 * (each target once per round, in a fixed order) because the machines this runs on are shared
 * and noisy: a ratio is taken within a round, and the median over rounds is reported.
 *
 * The run checks its own honesty: a figure counts only if every response of its run was a 2xx,
 * and the API's log must hold one request line per request it received (between the responses
 * that came back and the requests sent, since a run stops with requests in flight).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { countsSince, startStorageProxy } from '@secure-notes/testing';
import { type ApiServer, countRequestLines, startApiServer } from './lib/api-server.ts';
import { type LoadFigures, type LoadRequest, runLoad } from './lib/load.ts';
import { cpuSeconds, portLine, readyFromStdout, type StartedChild, startChild, whenReady } from './lib/processes.ts';
import { median, pairedRatio, round } from './lib/stats.ts';
import { startTokenIssuer, type TokenIssuer } from './lib/tokens.ts';
import { REPO_ROOT } from './lib/workspace.ts';

export interface HttpBenchSettings {
  readonly connections: number;
  readonly durationSeconds: number;
  readonly warmupSeconds: number;
  readonly memoryRounds: number;
  readonly dynamoRounds: number;
  /** Calls per route while counting storage requests. */
  readonly countedCalls: number;
}

export const DEFAULT_SETTINGS: HttpBenchSettings = {
  connections: 50,
  durationSeconds: 4,
  warmupSeconds: 2,
  memoryRounds: 5,
  dynamoRounds: 3,
  countedCalls: 20,
};

export const QUICK_SETTINGS: HttpBenchSettings = {
  connections: 50,
  durationSeconds: 1,
  warmupSeconds: 1,
  memoryRounds: 2,
  dynamoRounds: 1,
  countedCalls: 3,
};

export interface HttpBenchOptions {
  readonly settings: HttpBenchSettings;
  /** The checkout whose build is measured (this one by default). */
  readonly serverRoot?: string;
  readonly groups?: readonly ('memory' | 'dynamodb')[];
  readonly progress: (line: string) => void;
  /** Keep the servers' logs (they are deleted after a run whose checks passed). */
  readonly keepLogs?: boolean;
  /**
   * Another checkout's build, measured in the same rounds as this one on the memory store
   * (targets `baseline-…`): a before/after comparison that the machine's noise cannot skew.
   */
  readonly baselineRoot?: string;
}

export type RouteId = 'get-note' | 'list-notes' | 'create-note';

export const ROUTE_LABELS: Readonly<Record<RouteId, string>> = {
  'get-note': 'GET /notes/{id}',
  'list-notes': 'GET /notes?limit=20',
  'create-note': 'POST /notes',
};

/** One run's figures, with the CPU the server spent per response (all its threads). */
export interface RoundFigures extends LoadFigures {
  readonly cpuMicrosPerRequest?: number;
}

export interface TargetResult {
  readonly label: string;
  /** Medians over the rounds. */
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  /** The server's CPU time per response, in microseconds (median over the rounds). */
  readonly cpuMicrosPerRequest?: number;
  /** Every round's responses were 2xx, with no error or timeout. */
  readonly valid: boolean;
  readonly rounds: readonly Pick<
    RoundFigures,
    'rps' | 'p50' | 'p99' | 'cpuMicrosPerRequest' | 'non2xx' | 'errors' | 'timeouts' | 'valid'
  >[];
}

export interface LatencyRatios {
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  /** Server CPU per response over the other's (below 1: cheaper). */
  readonly cpu?: number;
}

export interface LogCheck {
  readonly requestLines: number;
  /** Responses the clients received from this server, and requests they sent to it. */
  readonly responsesReceived: number;
  readonly requestsSent: number;
  readonly errorLines: number;
  readonly ok: boolean;
}

export interface MemoryGroupResult {
  readonly rounds: number;
  readonly targets: Readonly<Record<string, TargetResult>>;
  /** Per API route: its figures over the bare node:http hello's and over the bare Express hello's. */
  readonly ratios: Readonly<
    Record<RouteId | 'hello-express', { vsNode: LatencyRatios; vsExpress?: LatencyRatios; vsBaseline?: LatencyRatios }>
  >;
  readonly rssBytes: Readonly<Record<string, number | null>>;
  readonly log: LogCheck;
  /** Set when another build was measured beside this one. */
  readonly baseline?: { readonly root: string; readonly log: LogCheck };
}

export interface StorageCount {
  readonly calls: number;
  readonly operations: Readonly<Record<string, number>>;
  readonly requestsPerCall: number;
  readonly scans: number;
}

export interface DynamoGroupResult {
  readonly rounds: number;
  readonly targets: Readonly<Record<string, TargetResult>>;
  /** Per API route: its figures over the bare SDK call's. */
  readonly ratios: Readonly<Record<RouteId, LatencyRatios>>;
  readonly storageRequests: Readonly<Record<RouteId, StorageCount>>;
  readonly rssBytes: Readonly<Record<string, number | null>>;
  readonly log: LogCheck;
}

export interface HttpBenchResult {
  readonly settings: HttpBenchSettings;
  readonly memory?: MemoryGroupResult;
  readonly dynamodb?: DynamoGroupResult;
  readonly valid: boolean;
  readonly problems: readonly string[];
}

interface Target {
  readonly id: string;
  readonly label: string;
  readonly request: LoadRequest;
  /** Whose log counts this target's requests. */
  readonly api?: ApiServer;
  /** The server process, whose CPU time is read around each run. */
  readonly pid?: number;
  readonly figures: { warmup?: RoundFigures; rounds: RoundFigures[] };
}

const NOTE_BODY = JSON.stringify({
  title: 'A note written under load',
  content: 'Ordinary note content of a realistic length, a couple of sentences long. '.repeat(3),
});
const JSON_HEADERS = { 'content-type': 'application/json' };
/** How many notes the reader holds: more than a page of 20, so a list answer carries its next-page token. */
export const SEEDED_NOTES = 25;

function target(id: string, label: string, request: LoadRequest, server: ApiServer | StartedChild): Target {
  const api = 'logFile' in server ? server : undefined;
  const pid = 'logFile' in server ? server.child.pid : server.pid;
  return { id, label, request, ...(api === undefined ? {} : { api }), pid, figures: { rounds: [] } };
}

function apiTargets(api: ApiServer, prefix: string, reader: string, writer: string, noteId: string): Target[] {
  return [
    target(
      `${prefix}get-note`,
      ROUTE_LABELS['get-note'],
      {
        url: `${api.url}/notes/${noteId}`,
        headers: { authorization: reader },
      },
      api,
    ),
    target(
      `${prefix}list-notes`,
      ROUTE_LABELS['list-notes'],
      {
        url: `${api.url}/notes?limit=20`,
        headers: { authorization: reader },
      },
      api,
    ),
    target(
      `${prefix}create-note`,
      ROUTE_LABELS['create-note'],
      {
        url: `${api.url}/notes`,
        method: 'POST',
        headers: { authorization: writer, ...JSON_HEADERS },
        body: NOTE_BODY,
      },
      api,
    ),
  ];
}

/** Creates notes through the API (so the server also sees the token once, and verifies it). */
export async function seedNotes(apiUrl: string, token: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const response = await fetch(`${apiUrl}/notes`, {
      method: 'POST',
      headers: { authorization: token, ...JSON_HEADERS },
      body: JSON.stringify({ title: `Seeded note ${i}`, content: `Seeded content ${i}` }),
    });
    const body = (await response.json()) as { noteId?: string };
    if (response.status !== 201 || typeof body.noteId !== 'string') {
      throw new Error(`seeding a note answered ${response.status}: is the API configured for the bench's tokens?`);
    }
    ids.push(body.noteId);
  }
  return ids;
}

async function startHello(kind: 'hello-node' | 'hello-express'): Promise<{ child: StartedChild; url: string }> {
  const child = startChild({
    name: kind,
    command: process.execPath,
    args: [join(REPO_ROOT, `bench/servers/${kind}.ts`)],
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production' },
    stdout: 'pipe',
  });
  const port = await whenReady(child, readyFromStdout(child, portLine));
  return { child, url: `http://127.0.0.1:${port}/` };
}

function describe(figures: RoundFigures): string {
  const flag = figures.valid
    ? ''
    : `  INVALID: ${figures.non2xx} non-2xx, ${figures.errors} errors, ${figures.timeouts} timeouts ${JSON.stringify(figures.statusCodes)}`;
  const cpu =
    figures.cpuMicrosPerRequest === undefined ? '' : `, server CPU ${Math.round(figures.cpuMicrosPerRequest)} µs/req`;
  return `${Math.round(figures.rps)} req/s, p50 ${figures.p50} ms, p99 ${figures.p99} ms${cpu}${flag}`;
}

/** A load run, with the server's CPU time read before and after it. */
async function run(t: Target, connections: number, durationSeconds: number): Promise<RoundFigures> {
  const before = t.pid === undefined ? undefined : cpuSeconds(t.pid);
  const figures = await runLoad(t.request, { connections, durationSeconds });
  const after = t.pid === undefined ? undefined : cpuSeconds(t.pid);
  if (before === undefined || after === undefined || figures.completed === 0) return figures;
  return { ...figures, cpuMicrosPerRequest: round(((after - before) * 1e6) / figures.completed, 1) };
}

async function measure(
  group: string,
  targets: readonly Target[],
  rounds: number,
  settings: HttpBenchSettings,
  progress: (line: string) => void,
): Promise<void> {
  for (const t of targets) {
    t.figures.warmup = await run(t, settings.connections, settings.warmupSeconds);
    progress(`[http] ${group} warm-up ${t.id}: ${describe(t.figures.warmup)}`);
  }
  for (let r = 1; r <= rounds; r += 1) {
    for (const t of targets) {
      const figures = await run(t, settings.connections, settings.durationSeconds);
      t.figures.rounds.push(figures);
      progress(`[http] ${group} round ${r}/${rounds} ${t.id}: ${describe(figures)}`);
    }
  }
}

function summarise(t: Target): TargetResult {
  const rounds = t.figures.rounds;
  const cpu = rounds.flatMap((f) => (f.cpuMicrosPerRequest === undefined ? [] : [f.cpuMicrosPerRequest]));
  return {
    label: t.label,
    rps: round(median(rounds.map((f) => f.rps)), 0),
    p50: median(rounds.map((f) => f.p50)),
    p99: median(rounds.map((f) => f.p99)),
    ...(cpu.length === rounds.length && cpu.length > 0 ? { cpuMicrosPerRequest: round(median(cpu), 1) } : {}),
    valid: rounds.length > 0 && rounds.every((f) => f.valid),
    rounds: rounds.map(({ rps, p50, p99, cpuMicrosPerRequest, non2xx, errors, timeouts, valid }) => ({
      rps: round(rps, 0),
      p50,
      p99,
      ...(cpuMicrosPerRequest === undefined ? {} : { cpuMicrosPerRequest }),
      non2xx,
      errors,
      timeouts,
      valid,
    })),
  };
}

function ratios(a: Target, b: Target): LatencyRatios {
  const of = (t: Target, key: 'rps' | 'p50' | 'p99' | 'cpuMicrosPerRequest') =>
    t.figures.rounds.map((f) => f[key] ?? Number.NaN);
  const cpu = pairedRatio(of(a, 'cpuMicrosPerRequest'), of(b, 'cpuMicrosPerRequest'));
  return {
    rps: round(pairedRatio(of(a, 'rps'), of(b, 'rps')), 2),
    p50: round(pairedRatio(of(a, 'p50'), of(b, 'p50')), 2),
    p99: round(pairedRatio(of(a, 'p99'), of(b, 'p99')), 2),
    ...(Number.isFinite(cpu) ? { cpu: round(cpu, 2) } : {}),
  };
}

/** Stops the API and checks its log: one request line per request it received. */
async function stopAndCheckLog(
  api: ApiServer,
  targets: readonly Target[],
  extraRequests: number,
  problems: string[],
): Promise<LogCheck> {
  const exit = await api.child.stop();
  if (exit !== 0) problems.push(`${api.child.name} exited with ${exit} on SIGTERM`);
  let received = extraRequests;
  let sent = extraRequests;
  for (const t of targets) {
    if (t.api !== api) continue;
    for (const figures of [t.figures.warmup, ...t.figures.rounds]) {
      if (!figures) continue;
      received += figures.completed;
      sent += figures.sent;
    }
  }
  const { requestLines, errorLines, unparsable } = await countRequestLines(api.logFile);
  const ok = requestLines >= received && requestLines <= sent && errorLines === 0 && unparsable === 0;
  if (!ok) {
    problems.push(
      `${api.child.name}: ${requestLines} request log lines for ${received} responses received and ${sent} requests sent` +
        ` (${errorLines} at error level, ${unparsable} lines not JSON) in ${api.logFile}`,
    );
  }
  return { requestLines, responsesReceived: received, requestsSent: sent, errorLines, ok };
}

function rss(child: StartedChild): number | null {
  return child.rssBytes() ?? null;
}

async function memoryGroup(
  tokens: TokenIssuer,
  options: HttpBenchOptions,
  workDir: string,
  problems: string[],
): Promise<MemoryGroupResult> {
  const { settings, progress, baselineRoot } = options;
  const root = options.serverRoot ?? REPO_ROOT;
  progress(`[http] memory store: starting the hellos and the API${baselineRoot ? ', and the baseline build' : ''}`);
  const started = await Promise.allSettled([
    startHello('hello-node'),
    startHello('hello-express'),
    startApiServer({ root, name: 'api (memory)', logFile: join(workDir, 'api-memory.log'), tokens, store: 'memory' }),
    baselineRoot === undefined
      ? Promise.resolve(undefined)
      : startApiServer({
          root: baselineRoot,
          name: 'api (memory, baseline build)',
          logFile: join(workDir, 'api-memory-baseline.log'),
          tokens,
          store: 'memory',
        }),
  ]);
  const children = started.flatMap((outcome) =>
    outcome.status === 'fulfilled' && outcome.value !== undefined ? [outcome.value.child] : [],
  );
  try {
    const failed = started.find((outcome) => outcome.status === 'rejected');
    if (failed) throw failed.reason;
    const [node, express, api, baseline] = started.map(
      (outcome) => (outcome as PromiseFulfilledResult<unknown>).value,
    ) as [{ child: StartedChild; url: string }, { child: StartedChild; url: string }, ApiServer, ApiServer | undefined];
    const reader = await tokens.mint();
    const writer = await tokens.mint();
    const noteIds = await seedNotes(api.url, reader.token, SEEDED_NOTES);
    const baselineNoteIds = baseline ? await seedNotes(baseline.url, reader.token, SEEDED_NOTES) : [];
    const targets = [
      target('hello-node', 'bare node:http hello', { url: node.url }, node.child),
      target('hello-express', 'bare Express hello', { url: express.url }, express.child),
      ...apiTargets(api, '', reader.token, writer.token, noteIds[0]!),
      ...(baseline ? apiTargets(baseline, 'baseline-', reader.token, writer.token, baselineNoteIds[0]!) : []),
    ];
    await measure('memory', targets, settings.memoryRounds, settings, progress);
    const byId = Object.fromEntries(targets.map((t) => [t.id, t])) as Record<string, Target>;
    const rssBytes = {
      api: rss(api.child),
      'hello-node': rss(node.child),
      'hello-express': rss(express.child),
      ...(baseline ? { 'baseline-api': rss(baseline.child) } : {}),
    };
    const log = await stopAndCheckLog(api, targets, SEEDED_NOTES, problems);
    const baselineLog = baseline ? await stopAndCheckLog(baseline, targets, SEEDED_NOTES, problems) : undefined;
    const routeRatios = (id: RouteId) => ({
      vsNode: ratios(byId[id]!, byId['hello-node']!),
      vsExpress: ratios(byId[id]!, byId['hello-express']!),
      ...(baseline ? { vsBaseline: ratios(byId[id]!, byId[`baseline-${id}`]!) } : {}),
    });
    return {
      rounds: settings.memoryRounds,
      targets: Object.fromEntries(targets.map((t) => [t.id, summarise(t)])),
      ratios: {
        'hello-express': { vsNode: ratios(byId['hello-express']!, byId['hello-node']!) },
        'get-note': routeRatios('get-note'),
        'list-notes': routeRatios('list-notes'),
        'create-note': routeRatios('create-note'),
      },
      rssBytes,
      log,
      ...(baseline && baselineLog && baselineRoot ? { baseline: { root: baselineRoot, log: baselineLog } } : {}),
    };
  } finally {
    await Promise.all(children.map((child) => child.stop()));
  }
}

async function countStorageRequests(
  tokens: TokenIssuer,
  root: string,
  dynamoDbEndpoint: string,
  workDir: string,
  calls: number,
): Promise<Record<RouteId, StorageCount>> {
  const proxy = await startStorageProxy({ upstream: dynamoDbEndpoint });
  const api = await startApiServer({
    root,
    name: 'api (DynamoDB, counted)',
    logFile: join(workDir, 'api-counted.log'),
    tokens,
    store: { dynamoDbEndpoint: proxy.endpoint, tableName: 'Notes' },
  });
  try {
    const user = await tokens.mint();
    const [noteId] = await seedNotes(api.url, user.token, 1);
    const calls_: Record<RouteId, () => Promise<Response>> = {
      'get-note': () => fetch(`${api.url}/notes/${noteId}`, { headers: { authorization: user.token } }),
      'list-notes': () => fetch(`${api.url}/notes?limit=20`, { headers: { authorization: user.token } }),
      'create-note': () =>
        fetch(`${api.url}/notes`, {
          method: 'POST',
          headers: { authorization: user.token, ...JSON_HEADERS },
          body: NOTE_BODY,
        }),
    };
    const result = {} as Record<RouteId, StorageCount>;
    for (const [route, call] of Object.entries(calls_) as [RouteId, () => Promise<Response>][]) {
      const before = proxy.counts();
      for (let i = 0; i < calls; i += 1) {
        const response = await call();
        await response.arrayBuffer();
        if (response.status >= 300)
          throw new Error(`${ROUTE_LABELS[route]} answered ${response.status} while counting`);
      }
      const operations = countsSince(before, proxy.counts()).byOperation;
      const total = Object.values(operations).reduce((sum, n) => sum + n, 0);
      result[route] = { calls, operations, requestsPerCall: round(total / calls, 2), scans: operations.Scan ?? 0 };
    }
    return result;
  } finally {
    await api.child.stop();
    await proxy.close();
  }
}

async function dynamoGroup(
  tokens: TokenIssuer,
  options: HttpBenchOptions,
  workDir: string,
  problems: string[],
): Promise<DynamoGroupResult> {
  const { settings, progress } = options;
  const root = options.serverRoot ?? REPO_ROOT;
  progress('[http] DynamoDB emulator: starting dynalite, the bare SDK server and the API');
  const dynalite = startChild({
    name: 'dynalite',
    command: process.execPath,
    args: [join(root, 'local/dynamodb/dist/main.js'), '--port', '0'],
    env: { PATH: process.env.PATH ?? '' },
    stdout: 'pipe',
  });
  try {
    const endpoint = await whenReady(
      dynalite,
      readyFromStdout(dynalite, (line) => /^export DYNAMODB_ENDPOINT=(\S+)$/.exec(line)?.[1]),
    );
    const reader = await tokens.mint();
    const writer = await tokens.mint();
    const sdkWriter = await tokens.mint();
    const api = await startApiServer({
      root,
      name: 'api (DynamoDB)',
      logFile: join(workDir, 'api-dynamodb.log'),
      tokens,
      store: { dynamoDbEndpoint: endpoint, tableName: 'Notes' },
    });
    try {
      const sdkChild = startChild({
        name: 'sdk-server',
        command: process.execPath,
        args: [join(REPO_ROOT, 'bench/servers/sdk-server.ts')],
        env: {
          PATH: process.env.PATH ?? '',
          DYNAMODB_ENDPOINT: endpoint,
          NOTES_TABLE: 'Notes',
          BENCH_READER: reader.sub,
          BENCH_WRITER: sdkWriter.sub,
        },
        stdout: 'pipe',
      });
      const sdk = {
        child: sdkChild,
        url: `http://127.0.0.1:${await whenReady(sdkChild, readyFromStdout(sdkChild, portLine))}`,
      };
      try {
        const noteIds = await seedNotes(api.url, reader.token, SEEDED_NOTES);
        const [apiGet, apiList, apiCreate] = apiTargets(api, 'api-', reader.token, writer.token, noteIds[0]!);
        const sdkTargets = {
          'get-note': target(
            'sdk-get-note',
            `bare SDK GetItem (${ROUTE_LABELS['get-note']})`,
            { url: `${sdk.url}/notes/${noteIds[0]}` },
            sdk.child,
          ),
          'list-notes': target(
            'sdk-list-notes',
            `bare SDK Query (${ROUTE_LABELS['list-notes']})`,
            { url: `${sdk.url}/notes?limit=20` },
            sdk.child,
          ),
          'create-note': target(
            'sdk-create-note',
            `bare SDK PutItem (${ROUTE_LABELS['create-note']})`,
            { url: `${sdk.url}/notes`, method: 'POST', headers: JSON_HEADERS, body: NOTE_BODY },
            sdk.child,
          ),
        };
        const targets = [
          sdkTargets['get-note'],
          apiGet!,
          sdkTargets['list-notes'],
          apiList!,
          sdkTargets['create-note'],
          apiCreate!,
        ];
        await measure('dynamodb', targets, settings.dynamoRounds, settings, progress);
        const rssBytes = { api: rss(api.child), 'sdk-server': rss(sdk.child), dynalite: rss(dynalite) };
        const log = await stopAndCheckLog(api, targets, SEEDED_NOTES, problems);
        await sdk.child.stop();
        progress('[http] counting storage requests per API call');
        const storageRequests = await countStorageRequests(tokens, root, endpoint, workDir, settings.countedCalls);
        return {
          rounds: settings.dynamoRounds,
          targets: Object.fromEntries(targets.map((t) => [t.id, summarise(t)])),
          ratios: {
            'get-note': ratios(apiGet!, sdkTargets['get-note']),
            'list-notes': ratios(apiList!, sdkTargets['list-notes']),
            'create-note': ratios(apiCreate!, sdkTargets['create-note']),
          },
          storageRequests,
          rssBytes,
          log,
        };
      } finally {
        await sdk.child.stop();
      }
    } finally {
      await api.child.stop();
    }
  } finally {
    await dynalite.stop();
  }
}

export function estimatedSeconds(settings: HttpBenchSettings, groups: readonly string[]): number {
  const memory = 5 * (settings.warmupSeconds + settings.memoryRounds * settings.durationSeconds) + 3;
  const dynamo = 6 * (settings.warmupSeconds + settings.dynamoRounds * settings.durationSeconds) + 8;
  return (groups.includes('memory') ? memory : 0) + (groups.includes('dynamodb') ? dynamo : 0);
}

export async function runHttpBench(options: HttpBenchOptions): Promise<HttpBenchResult> {
  const groups = options.groups ?? ['memory', 'dynamodb'];
  const workDir = await mkdtemp(join(tmpdir(), 'secure-notes-bench-'));
  const problems: string[] = [];
  const tokens = await startTokenIssuer();
  try {
    const memory = groups.includes('memory') ? await memoryGroup(tokens, options, workDir, problems) : undefined;
    const dynamodb = groups.includes('dynamodb') ? await dynamoGroup(tokens, options, workDir, problems) : undefined;
    for (const [group, result] of Object.entries({ memory, dynamodb })) {
      for (const [id, t] of Object.entries(result?.targets ?? {})) {
        if (!t.valid) problems.push(`${group} ${id}: not every response was a 2xx; its figures are invalid`);
      }
    }
    for (const [route, count] of Object.entries(dynamodb?.storageRequests ?? {})) {
      if (count.scans > 0) problems.push(`${route}: ${count.scans} Scans while counting storage requests`);
    }
    const valid = problems.length === 0;
    if (valid && !options.keepLogs) await rm(workDir, { recursive: true, force: true });
    else options.progress(`[http] the servers' logs are kept in ${workDir}`);
    return {
      settings: options.settings,
      ...(memory === undefined ? {} : { memory }),
      ...(dynamodb === undefined ? {} : { dynamodb }),
      valid,
      problems,
    };
  } finally {
    await tokens.close();
  }
}
