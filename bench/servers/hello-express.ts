/**
 * The bar the issue sets: a bare Express 5 hello (`res.json`), as in fastify/benchmarks, with
 * the same Express the API uses (resolved from the adapter's dependencies, since the bench
 * folder has none of its own). It prints `{"port":N}` on stdout once it listens on port 0.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { serveOnLoopback } from '../lib/serve.ts';
import { importFromWorkspace } from '../lib/workspace.ts';

interface ExpressResponse extends ServerResponse {
  json(body: unknown): void;
}
interface ExpressApp extends RequestListener {
  get(path: string, handler: (req: IncomingMessage, res: ExpressResponse) => void): void;
}

const { default: express } = await importFromWorkspace<{ default: () => ExpressApp }>(
  'packages/adapters-express',
  'express',
);

const app = express();
app.get('/', (_req, res) => {
  res.json({ hello: 'world' });
});
serveOnLoopback(app);
