/**
 * `node bench/ab.ts`: where the API server's time goes, by switching parts off. Starts the
 * production server (memory store, `info` logging to a file) once per variant, each with other
 * settings, puts `GET /notes/{id}` (or, with `--route list-notes`, `GET /notes?limit=20` over
 * the bench's 25 notes) under the bench's load in interleaved rounds, and prints the
 * server's CPU time per request for each variant, with a bare Express hello in the same rounds
 * and the floor under the API on Express (`servers/express-floor.ts`: the same answer and log
 * line, none of the API's own work).
 * With `--baseline <checkout>` (another worktree, built with `tsc -b`), its production server
 * runs in the same rounds, for a before/after of a change. An experiment for profiling work, not
 * a figure of the README.
 * With `--floor-work <µs>`, a second floor busy-waits that long before each answer: what a
 * microsecond of the server's own work costs under this load, on this machine (on 2 cores shared
 * with the load generator, more than a microsecond: the socket calls grow dearer as the server
 * slows).
 *
 *   node bench/ab.ts --rounds 3 --seconds 4
 *   node bench/ab.ts --route list-notes
 *   node bench/ab.ts --route list-notes --floor-work 60
 *   git worktree add /tmp/base HEAD~1 && (cd /tmp/base && pnpm install --offline && pnpm exec tsc -b)
 *   node bench/ab.ts --baseline /tmp/base
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { SEEDED_NOTES, seedNotes } from './http.ts';
import { startApiServer } from './lib/api-server.ts';
import { runLoad } from './lib/load.ts';
import { cpuSeconds, portLine, readyFromStdout, startChild, whenReady } from './lib/processes.ts';
import { median } from './lib/stats.ts';
import { startTokenIssuer } from './lib/tokens.ts';
import { REPO_ROOT } from './lib/workspace.ts';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: {
    rounds: { type: 'string', default: '3' },
    seconds: { type: 'string', default: '4' },
    baseline: { type: 'string' },
    route: { type: 'string', default: 'get-note' },
    'floor-work': { type: 'string' },
  },
});
if (values.route !== 'get-note' && values.route !== 'list-notes') throw new Error('--route is get-note or list-notes');
const listing = values.route === 'list-notes';
const rounds = Number(values.rounds);
const seconds = Number(values.seconds);
const work = mkdtempSync(join(tmpdir(), 'secure-notes-ab-'));

const VARIANTS: Record<string, { root: string; env: Record<string, string> }> = {
  ...(values.baseline === undefined ? {} : { baseline: { root: values.baseline, env: {} } }),
  production: { root: REPO_ROOT, env: {} },
  'no rate limits': { root: REPO_ROOT, env: { RATE_LIMIT_PER_MINUTE: '0', RATE_LIMIT_PER_ADDRESS_PER_MINUTE: '0' } },
};

const tokens = await startTokenIssuer();
const hello = startChild({
  name: 'hello-express',
  command: process.execPath,
  args: [join(REPO_ROOT, 'bench/servers/hello-express.ts')],
  cwd: REPO_ROOT,
  env: { PATH: process.env.PATH ?? '', PORT: '0' },
  stdout: 'pipe',
});
const helloPort = await whenReady(hello, readyFromStdout(hello, portLine));
const targets: { name: string; url: string; pid: number; headers?: Record<string, string> }[] = [
  { name: 'bare Express hello', url: `http://127.0.0.1:${helloPort}/`, pid: hello.pid },
];
const servers = [];
const listBodyFile = join(work, 'list-body.json');
for (const [name, { root, env }] of Object.entries(VARIANTS)) {
  const api = await startApiServer({ root, name, logFile: join(work, `${name}.log`), tokens, store: 'memory', env });
  servers.push(api);
  const { token } = await tokens.mint();
  const headers = { authorization: token };
  if (listing) {
    await seedNotes(api.url, token, SEEDED_NOTES);
    const url = `${api.url}/notes?limit=20`;
    // The floor answers with the very page the API gave.
    if (name === 'production') writeFileSync(listBodyFile, await (await fetch(url, { headers })).text());
    targets.push({ name, url, pid: api.child.pid, headers });
    continue;
  }
  const created = await fetch(`${api.url}/notes`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ title: 'ab', content: 'x'.repeat(200) }),
  });
  const { noteId } = (await created.json()) as { noteId: string };
  targets.push({ name, url: `${api.url}/notes/${noteId}`, pid: api.child.pid, headers });
}
const floorWorkUs = values['floor-work'] === undefined ? undefined : Number(values['floor-work']);
if (floorWorkUs !== undefined && !(floorWorkUs > 0)) throw new Error('--floor-work takes a number of microseconds');
const floors = [];
// The same answer and log line as the API's, without its work: the floor under it on Express.
for (const workUs of floorWorkUs === undefined ? [0] : [0, floorWorkUs]) {
  const floor = startChild({
    name: 'express-floor',
    command: process.execPath,
    args: [join(REPO_ROOT, 'bench/servers/express-floor.ts')],
    cwd: REPO_ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      LOG_FILE: join(work, `floor-${workUs}.log`),
      FLOOR_WORK_US: String(workUs),
      ...(listing ? { LIST_BODY_FILE: listBodyFile } : {}),
    },
    stdout: 'pipe',
  });
  floors.push(floor);
  const floorPort = await whenReady(floor, readyFromStdout(floor, portLine));
  targets.splice(floors.length, 0, {
    name: workUs === 0 ? 'Express floor' : `floor + ${workUs} µs`,
    url: `http://127.0.0.1:${floorPort}${listing ? '/notes?limit=20' : '/notes/01M8PFX2YBPC1CENZ5ZA0R0JTN'}`,
    pid: floor.pid,
  });
}
const cpu: Record<string, number[]> = {};
const rps: Record<string, number[]> = {};
for (let round = 0; round < rounds + 1; round += 1) {
  for (const target of targets) {
    const before = cpuSeconds(target.pid) ?? 0;
    const figures = await runLoad(
      { url: target.url, ...(target.headers ? { headers: target.headers } : {}) },
      { connections: 50, durationSeconds: round === 0 ? 1 : seconds },
    );
    const after = cpuSeconds(target.pid) ?? 0;
    if (!figures.valid) throw new Error(`${target.name}: ${JSON.stringify(figures.statusCodes)}`);
    if (round === 0) continue;
    cpu[target.name] = [...(cpu[target.name] ?? []), ((after - before) * 1e6) / figures.completed];
    rps[target.name] = [...(rps[target.name] ?? []), figures.rps];
  }
  if (round > 0) process.stderr.write(`round ${round}/${rounds} done\n`);
}
const helloRps = median(rps['bare Express hello'] ?? []);
for (const target of targets) {
  const name = target.name;
  process.stdout.write(
    `${name.padEnd(20)} ${Math.round(median(cpu[name] ?? []))
      .toString()
      .padStart(5)} µs/req  ${Math.round(median(rps[name] ?? []))
      .toString()
      .padStart(6)} req/s  ${(median(rps[name] ?? []) / helloRps).toFixed(2)}× hello\n`,
  );
}
await Promise.all([...servers.map((api) => api.child.stop()), hello.stop(), ...floors.map((floor) => floor.stop())]);
await tokens.close();
