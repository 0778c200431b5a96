import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { ConfigError, readEnv, variablesOf } from './read-env.js';
import {
  documented,
  httpUrl,
  LOGGING_ENV,
  list,
  matching,
  oneOf,
  port,
  powertoolsLogLevel,
  text,
  wholeNumber,
} from './settings.js';

const SERVICE_ENV = v.object({
  PORT: documented(v.optional(port(), '3000'), 'the port the API listens on'),
  TABLE: documented(v.optional(text(/^[\w.-]{3,255}$/, 'a table name'), 'Notes'), 'the table of notes'),
  SECRET: documented(text(/^.{32,}$/, 'at least 32 characters'), 'seals page tokens', { secret: true }),
});
const PEERS_ENV = v.object({
  ENDPOINT: v.optional(httpUrl('http://localhost:8000')),
  ORIGINS: v.optional(list(matching(/^https?:\/\/\S+$/, 'an origin')), ''),
  TIMEOUT_MS: v.optional(wholeNumber(1, 60_000, 'milliseconds')),
  MODE: v.optional(oneOf(['fast', 'safe']), 'safe'),
});

function problemsOf(read: () => unknown): ConfigError {
  try {
    read();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('readEnv', () => {
  it('gives each schema its typed values, with the defaults for what is absent or empty', () => {
    const env = { SECRET: 's'.repeat(32), PORT: '0', TABLE: '  ', ORIGINS: ' https://a.example , ,http://b.example' };

    const values = readEnv({ service: SERVICE_ENV, peers: PEERS_ENV }, env);

    expect(values).toEqual({
      service: { PORT: 0, TABLE: 'Notes', SECRET: 's'.repeat(32) },
      peers: { ORIGINS: ['https://a.example', 'http://b.example'], MODE: 'safe' },
    });
  });

  it('reports every problem of every schema at once, naming each variable, what it expects and what it is for', () => {
    const error = problemsOf(() =>
      readEnv(
        { service: SERVICE_ENV, peers: PEERS_ENV },
        { PORT: '70000', TABLE: 'no', ENDPOINT: 'localhost:8000', TIMEOUT_MS: '2s', MODE: 'quick' },
      ),
    );

    expect(error.problems.map((problem) => problem.variable)).toEqual([
      'PORT',
      'TABLE',
      'SECRET',
      'ENDPOINT',
      'TIMEOUT_MS',
      'MODE',
    ]);
    expect(error.message).toContain(
      '  - PORT must be a port number from 0 to 65535, got "70000" — the port the API listens on',
    );
    expect(error.message).toContain('  - SECRET is required — seals page tokens');
    expect(error.message).toContain(
      '  - ENDPOINT must be an http(s) URL such as http://localhost:8000, got "localhost:8000"',
    );
    expect(error.message).toContain('  - TIMEOUT_MS must be a whole number of milliseconds, from 1 to 60000, got "2s"');
    expect(error.message).toContain('  - MODE must be "fast", "safe", got "quick"');
    expect(error.message.split('\n')[0]).toBe(
      'Invalid configuration; set these environment variables and start again:',
    );
  });

  it('never repeats the value of a secret it refuses', () => {
    const error = problemsOf(() => readEnv({ service: SERVICE_ENV }, { SECRET: 'hunter2-is-short' }));

    expect(error.message).toContain('SECRET must be at least 32 characters — seals page tokens');
    expect(error.message).not.toContain('hunter2');
  });

  it('still reads a variable under its former name, with a warning naming the new one', () => {
    const warnings: string[] = [];

    const values = readEnv(
      { service: SERVICE_ENV },
      { SECRET: 's'.repeat(32), OLD_TABLE: 'Legacy' },
      {
        renamed: { OLD_TABLE: 'TABLE' },
        onWarning: (message) => warnings.push(message),
      },
    );

    expect(values.service.TABLE).toBe('Legacy');
    expect(warnings).toEqual(['OLD_TABLE is now called TABLE: rename it (OLD_TABLE still works for now).']);
  });

  it('prefers the new name when both are set, and says the old one is ignored', () => {
    const warnings: string[] = [];

    const values = readEnv(
      { service: SERVICE_ENV },
      { SECRET: 's'.repeat(32), OLD_TABLE: 'Legacy', TABLE: 'Current' },
      {
        renamed: { OLD_TABLE: 'TABLE' },
        onWarning: (message) => warnings.push(message),
      },
    );

    expect(values.service.TABLE).toBe('Current');
    expect(warnings).toEqual(['OLD_TABLE is ignored: TABLE, its new name, is set too.']);
  });

  it('lists the variables the schemas read, each once', () => {
    expect(variablesOf({ a: SERVICE_ENV, b: SERVICE_ENV, c: PEERS_ENV })).toEqual([
      'PORT',
      'TABLE',
      'SECRET',
      'ENDPOINT',
      'ORIGINS',
      'TIMEOUT_MS',
      'MODE',
    ]);
  });
});

describe('LOGGING_ENV', () => {
  it.each([
    ['INFO', 'info', 'INFO'],
    ['warn', 'warn', 'WARN'],
    ['CRITICAL', 'fatal', 'CRITICAL'],
    ['fatal', 'fatal', 'CRITICAL'],
    ['silent', 'silent', 'SILENT'],
  ])('reads LOG_LEVEL=%s as pino names it and as Powertools does', (given, pino, powertools) => {
    const { logging } = readEnv({ logging: LOGGING_ENV }, { LOG_LEVEL: given });

    expect(logging.LOG_LEVEL).toBe(pino);
    expect(powertoolsLogLevel(logging.LOG_LEVEL)).toBe(powertools);
  });

  it('refuses a level no logger knows', () => {
    expect(problemsOf(() => readEnv({ logging: LOGGING_ENV }, { LOG_LEVEL: 'verbose' })).message).toContain(
      'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "verbose"',
    );
  });
});

describe('readEnv with parts that do not apply', () => {
  it('skips a part given as undefined, and describes a variable made optional by the app', () => {
    const optionalSecret = v.object({ ...SERVICE_ENV.entries, SECRET: v.optional(SERVICE_ENV.entries.SECRET) });

    const values = readEnv({ service: optionalSecret, peers: undefined }, { PORT: '1' });
    const error = problemsOf(() => readEnv({ service: optionalSecret }, { SECRET: 'short-secret' }));

    expect(values).toEqual({ service: { PORT: 1, TABLE: 'Notes' }, peers: undefined });
    expect(error.message).toContain('SECRET must be at least 32 characters — seals page tokens');
    expect(error.message).not.toContain('short-secret');
  });
});
