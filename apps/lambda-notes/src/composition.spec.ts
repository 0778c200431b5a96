import { describe, expect, it } from 'vitest';
import { CURSOR_SECRET_MAX_AGE_SECONDS, readCursorSecret } from './composition.js';
import { notesFunctionConfigFromEnv } from './config.js';

const ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:cursor-AbC123';
const SECRET = 's'.repeat(64);
const minimal = {
  AWS_REGION: 'us-east-1',
  NOTES_TABLE: 'Notes',
  COGNITO_CLIENT_IDS: 'client',
  NOTES_CURSOR_SECRET_ID: ARN,
};

describe('the notes function’s configuration', () => {
  it('names the page-token secret by its id and holds no value of it', () => {
    const config = notesFunctionConfigFromEnv(minimal);

    expect(config.cursorSecretId).toBe(ARN);
    expect(JSON.stringify(config)).not.toContain(SECRET);
  });

  it('refuses an environment that names no secret, saying which variable to set', () => {
    const { NOTES_CURSOR_SECRET_ID: _, ...withoutSecret } = minimal;

    expect(() => notesFunctionConfigFromEnv(withoutSecret)).toThrow(/NOTES_CURSOR_SECRET_ID/);
  });
});

describe('readCursorSecret', () => {
  it('asks for the named secret and returns its string', async () => {
    const asked: string[] = [];

    const value = await readCursorSecret(ARN, async (id) => {
      asked.push(id);
      return SECRET;
    });

    expect([value, asked]).toEqual([SECRET, [ARN]]);
  });

  it('says which secret it could not read and what to check, never a value', async () => {
    const failing = readCursorSecret(ARN, async () => {
      throw new Error('AccessDeniedException: not authorized to perform secretsmanager:GetSecretValue');
    });

    await expect(failing).rejects.toThrow(`NOTES_CURSOR_SECRET_ID=${ARN}`);
    await expect(failing).rejects.toThrow(/may secretsmanager:GetSecretValue on it/);
  });

  it('refuses a secret too short to seal page tokens, without printing it', async () => {
    const short = readCursorSecret(ARN, async () => 'hunter2');

    await expect(short).rejects.toThrow(/must hold a string of 32\+ random characters/);
    await expect(short).rejects.not.toThrow(/hunter2/);
  });

  it('keeps what it read longer than Powertools Parameters’ 5 s default', () => {
    expect(CURSOR_SECRET_MAX_AGE_SECONDS).toBeGreaterThan(5);
  });
});
