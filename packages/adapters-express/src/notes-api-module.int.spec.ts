import { randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { memoryAdaptersModule, StaticTokenVerifier } from '@secure-notes/adapters-memory';
import { notesModule, TOKENS } from '@secure-notes/container';
import { Container } from 'inversify';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { NOTES_API, notesApiModule } from './notes-api-module.js';
import { aToken } from './test-helpers/memory-server.js';
import { ApiClient } from './testing/index.js';

describe('notesApiModule', () => {
  it('builds the API from the use cases and token verifier that the container binds', async () => {
    const token = aToken();
    const userId = randomUUID();
    const expiresAt = Math.floor(Date.now() / 1000) + 600;
    const tokenVerifier = new StaticTokenVerifier({
      [token]: { userId, groups: [], scopes: [], tokenUse: 'id', expiresAt },
    });
    const container = new Container({ defaultScope: 'Singleton' });
    container.bind(TOKENS.PageCursorSecret).toConstantValue(randomBytes(32).toString('hex'));
    container.load(
      notesModule,
      memoryAdaptersModule({ tokenVerifier }),
      notesApiModule({ logger: pino({ level: 'silent' }) }),
    );

    const app = container.get(NOTES_API);
    const server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const api = new ApiClient(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
      const created = await api.post('/notes', { token, json: { title: 'Composed' } });

      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ userId, title: 'Composed' });
      expect(container.get(NOTES_API)).toBe(app);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
