/**
 * The container image copies one artifact: `pnpm deploy --prod` of this app, run as
 * `node dist/main.js`. These machines have no Docker engine, so this test builds that same
 * artifact in a temporary folder and runs it as the image would: production dependencies
 * only, configuration from the environment, real token verification against a JWKS.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestIssuer, type TestIssuer } from '@secure-notes/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repositoryRoot = join(import.meta.dirname, '..', '..', '..');
const userPoolId = 'us-east-1_Artifact1';
const clientId = 'artifactclient';

let artifact: string;
let issuer: TestIssuer;
let server: ChildProcess | undefined;

/**
 * Waits for the server's "listening" log line (pino JSON on stdout) and returns the URL it
 * names: the server binds port 0 and reports the port the system gave it, so no other process
 * can take the port between a probe and the bind.
 */
function listeningUrl(child: ChildProcess, output: () => string): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    const timer = setTimeout(() => {
      finish();
      reject(new Error(`the server did not log that it listens within 20 s:\n${output()}`));
    }, 20_000);
    const onData = (chunk: Buffer) => {
      buffered += chunk.toString();
      let newline = buffered.indexOf('\n');
      while (newline >= 0) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        newline = buffered.indexOf('\n');
        let entry: { msg?: unknown; url?: unknown };
        try {
          entry = JSON.parse(line) as { msg?: unknown; url?: unknown };
        } catch {
          continue;
        }
        if (entry.msg === 'Secure Notes API listening' && typeof entry.url === 'string') {
          finish();
          resolve(entry.url);
          return;
        }
      }
    };
    const onExit = (code: number | null) => {
      finish();
      reject(new Error(`the server exited with ${code} before it listened:\n${output()}`));
    };
    const finish = () => {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.off('exit', onExit);
    };
    child.stdout?.on('data', onData);
    child.once('exit', onExit);
  });
}

/** Polls `condition` until it holds or `timeoutMs` passes; whether it held. */
async function eventually(condition: () => boolean, timeoutMs = 5_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return true;
}

beforeAll(async () => {
  execFileSync('pnpm', ['exec', 'tsc', '-b', 'apps/server'], { cwd: repositoryRoot, stdio: 'pipe' });
  artifact = mkdtempSync(join(tmpdir(), 'secure-notes-artifact-'));
  execFileSync('pnpm', ['--filter', '@secure-notes/server', 'deploy', '--prod', artifact], {
    cwd: repositoryRoot,
    stdio: 'pipe',
  });

  issuer = await startTestIssuer({ userPoolId, clientId });
}, 120_000);

afterAll(async () => {
  server?.kill('SIGKILL');
  await issuer?.close();
  if (artifact) rmSync(artifact, { recursive: true, force: true });
});

describe('the production artifact', () => {
  it('holds the server and production dependencies only', () => {
    const installed = readdirSync(join(artifact, 'node_modules', '.pnpm'));

    expect(existsSync(join(artifact, 'dist', 'main.js'))).toBe(true);
    expect(installed.some((name) => name.startsWith('express@'))).toBe(true);
    expect(installed.filter((name) => /^(vitest|vite|typescript|dynalite|testcontainers|jose)@/.test(name))).toEqual(
      [],
    );
    expect(existsSync(join(artifact, 'node_modules', '@secure-notes', 'domain', 'dist', 'index.js'))).toBe(true);
  });

  it('starts with node dist/main.js, answers /health, serves notes and stops on SIGTERM', async () => {
    let output = '';
    server = spawn(process.execPath, ['dist/main.js'], {
      cwd: artifact,
      env: {
        PATH: process.env.PATH ?? '',
        NODE_ENV: 'production',
        PORT: '0',
        HOST: '127.0.0.1',
        NOTES_STORE: 'memory',
        COGNITO_USER_POOL_ID: userPoolId,
        COGNITO_CLIENT_IDS: clientId,
        COGNITO_ISSUER: issuer.issuer,
        NOTES_CURSOR_SECRET: 'an-artifact-test-secret-of-enough-length',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const listening = listeningUrl(server, () => output);
    server.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const token = issuer.token({ sub: 'artifact-user', aud: clientId, token_use: 'id', email: 'a@example.com' });

    const url = await listening;
    const health = await fetch(`${url}/health`);
    const created = await fetch(`${url}/notes`, {
      method: 'POST',
      headers: { Authorization: token },
      body: '{"title": "From the artifact"}',
    });
    // Log lines are written in batches; a quiet server still writes them within about a second.
    const requestLines = () => output.split('\n').filter((line) => line.includes('"req":{'));
    const logged = await eventually(() => requestLines().some((line) => line.includes('"msg":"POST /notes 201"')));
    const exited = new Promise<number | null>((resolve) => server?.once('exit', (code) => resolve(code)));
    server.kill('SIGTERM');

    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ userId: 'artifact-user', title: 'From the artifact' });
    expect(await exited).toBe(0);
    expect(logged).toBe(true);
    expect(requestLines()).toHaveLength(2);
    expect(output).not.toContain(token);
  });

  it('refuses to start without its configuration, naming what is missing', () => {
    let failure: { status: number; stderr: string } | undefined;
    try {
      execFileSync(process.execPath, ['dist/main.js'], { cwd: artifact, env: { PATH: '' }, stdio: 'pipe' });
    } catch (error) {
      const { status, stderr } = error as { status: number; stderr: Buffer };
      failure = { status, stderr: stderr.toString() };
    }

    expect(failure?.status).toBe(2);
    expect(failure?.stderr).toContain('COGNITO_USER_POOL_ID is required');
  });
});

describe('the Dockerfile', () => {
  const dockerfile = readFileSync(join(import.meta.dirname, '..', 'Dockerfile'), 'utf8');

  it('ships that artifact on Node 24 as a non-root user with a health check', () => {
    expect(dockerfile).toMatch(/ARG NODE_IMAGE=node:24\.[\d.]+-\S+/);
    expect(dockerfile).toContain('pnpm --filter @secure-notes/server deploy --prod /out');
    expect(dockerfile).toMatch(/FROM \$\{NODE_IMAGE\} AS runtime[\s\S]*COPY --from=build --chown=node:node \/out/);
    expect(dockerfile).toMatch(/\nUSER node\n/);
    expect(dockerfile).toMatch(/HEALTHCHECK [\s\S]*\/health/);
    expect(dockerfile).toContain('CMD ["node", "dist/main.js"]');
  });
});
