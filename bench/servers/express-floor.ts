/**
 * The floor under the API on Express: an Express 5 app that answers `GET /notes/{id}` with the
 * very bytes the API sends (the note, its headers, the security headers), and `GET /notes` with
 * the page in `$LIST_BODY_FILE` (a page the API gave, saved by bench/ab.ts), and writes the API's
 * request log line (the adapter's own `requestLogging`, pino batched to a file as in
 * production), with no token check, no rate limit and no storage. What the API costs above
 * this is what its own work costs: authentication, rate limits, the contract and the use case.
 * It prints `{"port":N}` on stdout once it listens on port 0; the log goes to `$LOG_FILE`.
 * With `$FLOOR_WORK_US`, each answer first busy-waits that many microseconds: a stand-in for
 * work of a known size, to see what a microsecond of the server's own work costs under load.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { serveOnLoopback } from '../lib/serve.ts';
import { importFromWorkspace, REPO_ROOT } from '../lib/workspace.ts';

interface ExpressResponse extends ServerResponse {
  locals: Record<string, unknown>;
}
interface ExpressApp extends RequestListener {
  disable(setting: string): void;
  use(handler: unknown): void;
  get(path: string, handler: (req: IncomingMessage, res: ExpressResponse) => void): void;
}

const { default: express } = await importFromWorkspace<{ default: () => ExpressApp }>(
  'packages/adapters-express',
  'express',
);
interface Pino {
  (options: object, destination: unknown): unknown;
  destination(options: object): unknown;
}
const { pino } = await importFromWorkspace<{ pino: Pino }>('packages/adapters-express', 'pino');
const adapter = (await import(pathToFileURL(join(REPO_ROOT, 'packages/adapters-express/dist/index.js')).href)) as {
  requestLogging(logger: unknown): unknown;
  securityHeaders(options: unknown): readonly (readonly [string, string])[];
  API_SECURITY_HEADERS: unknown;
};

const destination = pino.destination({
  dest: process.env.LOG_FILE ?? '/dev/null',
  minLength: 4096,
  sync: false,
  periodicFlush: 1000,
});
const logger = pino({ level: 'info', base: { service: 'express-floor' } }, destination);
const everyAnswer = [['Cache-Control', 'no-store'] as const, ...adapter.securityHeaders(adapter.API_SECURITY_HEADERS)];
const sub = randomUUID();
const now = new Date().toISOString();

const workMs = Number(process.env.FLOOR_WORK_US ?? 0) / 1000;
function work(): void {
  if (workMs === 0) return;
  const started = performance.now();
  while (performance.now() - started < workMs) {
    // Busy: the stand-in for the API's own work.
  }
}

const app = express();
app.disable('x-powered-by');
app.disable('etag');
app.use(adapter.requestLogging(logger));
/** The API's answer and what its log line reads, after the stand-in for its work. */
function answer(res: ExpressResponse, route: string, body: string, headers: Record<string, string> = {}): void {
  work();
  res.locals.route = route;
  res.locals.principal = { userId: sub };
  for (const [name, value] of everyAnswer) res.setHeader(name, value);
  res.statusCode = 200;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  for (const name in headers) res.setHeader(name, headers[name] as string);
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.end(body);
}

app.get('/notes/:noteId', (req, res) => {
  const noteId = (req as IncomingMessage & { params: { noteId: string } }).params.noteId;
  const body = JSON.stringify({
    userId: sub,
    noteId,
    title: 'ab',
    content: 'x'.repeat(200),
    createdAt: now,
    updatedAt: now,
    version: 1,
  });
  answer(res, '/notes/{noteId}', body, { ETag: '"1"' });
});
const listBody =
  process.env.LIST_BODY_FILE === undefined ? undefined : readFileSync(process.env.LIST_BODY_FILE, 'utf8');
app.get('/notes', (_req, res) => {
  if (listBody === undefined) {
    res.statusCode = 404;
    res.end();
    return;
  }
  answer(res, '/notes', listBody);
});
serveOnLoopback(app);
