/**
 * `pnpm bench:profile`: where the API's time goes under load. Starts the production server
 * (memory store, `info` logging to a file) with `node --cpu-prof`, puts one route under the
 * same load as the bench (autocannon, 50 connections) for a while, stops the server so that it
 * writes its profile, and prints the top frames by self time and each package's share. The
 * summary is written to bench/profiles/<label>.json (the raw profile stays in a temporary
 * folder: open it in Chrome DevTools or speedscope).
 *
 *   pnpm bench:profile --label after-get-note
 *   pnpm bench:profile --label no-limits --env RATE_LIMIT_PER_MINUTE=0 --env RATE_LIMIT_PER_ADDRESS_PER_MINUTE=0
 *   BENCH_SERVER_ROOT=/path/to/baseline node bench/profile.ts --label before-get-note
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ROUTE_LABELS, type RouteId } from './http.ts';
import { startApiServer } from './lib/api-server.ts';
import { summariseProfile } from './lib/cpu-profile.ts';
import { runLoad } from './lib/load.ts';
import { startTokenIssuer } from './lib/tokens.ts';
import { REPO_ROOT } from './lib/workspace.ts';

// `pnpm bench:… -- --flag` passes the `--` on: it separates nothing here.
const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: {
    route: { type: 'string', default: 'get-note' },
    seconds: { type: 'string', default: '15' },
    label: { type: 'string' },
    /** A setting of the server, `NAME=value`, repeatable: profile a variant (`--env RATE_LIMIT_PER_MINUTE=0`). */
    env: { type: 'string', multiple: true, default: [] },
  },
  strict: true,
});
const route = values.route as RouteId;
if (!(route in ROUTE_LABELS)) throw new Error(`--route must be one of ${Object.keys(ROUTE_LABELS).join(', ')}`);
const seconds = Number(values.seconds);
const label = values.label ?? route;
const root = resolve(process.env.BENCH_SERVER_ROOT ?? REPO_ROOT);
const work = mkdtempSync(join(tmpdir(), 'secure-notes-profile-'));
const log = (line: string) => process.stderr.write(`${line}\n`);

const tokens = await startTokenIssuer();
try {
  const api = await startApiServer({
    root,
    name: 'api (memory, profiled)',
    logFile: join(work, 'api.log'),
    tokens,
    store: 'memory',
    cpuProfileDir: work,
    env: Object.fromEntries(
      values.env.map((setting) => {
        const equals = setting.indexOf('=');
        if (equals < 1) throw new Error(`--env takes NAME=value, got ${JSON.stringify(setting)}`);
        return [setting.slice(0, equals), setting.slice(equals + 1)];
      }),
    ),
  });
  const reader = await tokens.mint();
  const writer = await tokens.mint();
  const noteIds: string[] = [];
  for (let i = 0; i < 25; i += 1) {
    const response = await fetch(`${api.url}/notes`, {
      method: 'POST',
      headers: { authorization: reader.token, 'content-type': 'application/json' },
      body: JSON.stringify({ title: `Seeded ${i}`, content: `Seeded content ${i}` }),
    });
    noteIds.push(((await response.json()) as { noteId: string }).noteId);
  }
  const request = {
    'get-note': { url: `${api.url}/notes/${noteIds[0]}`, headers: { authorization: reader.token } },
    'list-notes': { url: `${api.url}/notes?limit=20`, headers: { authorization: reader.token } },
    'create-note': {
      url: `${api.url}/notes`,
      method: 'POST' as const,
      headers: { authorization: writer.token, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Profiled', content: 'Ordinary content. '.repeat(10) }),
    },
  }[route];
  log(`profiling ${ROUTE_LABELS[route]} for ${seconds} s (server ${root})`);
  const figures = await runLoad(request, { connections: 50, durationSeconds: seconds });
  log(
    `${Math.round(figures.rps)} req/s, p50 ${figures.p50} ms, p99 ${figures.p99} ms${figures.valid ? '' : ' INVALID'}`,
  );
  await api.child.stop();

  const profile = readdirSync(work).find((name) => name.endsWith('.cpuprofile'));
  if (!profile) throw new Error(`the server wrote no profile into ${work}`);
  const summary = summariseProfile(join(work, profile), root.endsWith('/') ? root : `${root}/`);
  const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
  const report = {
    label,
    commit,
    route: ROUTE_LABELS[route],
    seconds,
    rps: Math.round(figures.rps),
    valid: figures.valid,
    ...summary,
  };
  mkdirSync(join(REPO_ROOT, 'bench/profiles'), { recursive: true });
  const out = join(REPO_ROOT, 'bench/profiles', `${label}.json`);
  writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);

  log(`\nbusy ${summary.busyMs} ms, idle ${summary.idleMs} ms; top frames by self time (% of busy):`);
  for (const { frame, selfPercent } of summary.topFrames) log(`  ${selfPercent.toFixed(1).padStart(5)}%  ${frame}`);
  log('\npackages (self % / inclusive % of busy):');
  for (const p of summary.packages) {
    log(`  ${p.selfPercent.toFixed(1).padStart(5)}% ${p.inclusivePercent.toFixed(1).padStart(6)}%  ${p.name}`);
  }
  log(`\nsummary: ${out}\nraw profile: ${join(work, profile)}`);
} finally {
  await tokens.close();
}
