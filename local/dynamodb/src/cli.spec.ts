import { describe, expect, it } from 'vitest';
import { parseCliOptions } from './cli.js';

describe('parseCliOptions', () => {
  it('defaults to port 8000, in memory, with nothing else set', () => {
    expect(parseCliOptions([], {})).toEqual({ port: 8000 });
  });

  it('reads the environment', () => {
    const env = {
      DYNAMODB_PORT: '8001',
      DYNAMODB_HOST: '0.0.0.0',
      DYNAMODB_DATA_DIR: '.data/dynamodb',
      NOTES_TABLE: 'MyNotes',
    };

    expect(parseCliOptions([], env)).toEqual({
      port: 8001,
      host: '0.0.0.0',
      dataDir: '.data/dynamodb',
      tableName: 'MyNotes',
    });
  });

  it('still reads DYNAMODB_TABLE, its former name, with a warning naming NOTES_TABLE', () => {
    const warnings: string[] = [];

    const options = parseCliOptions(
      [],
      { DYNAMODB_TABLE: 'Legacy' },
      { onWarning: (message) => warnings.push(message) },
    );

    expect(options).toEqual({ port: 8000, tableName: 'Legacy' });
    expect(warnings).toEqual([
      'DYNAMODB_TABLE is now called NOTES_TABLE: rename it (DYNAMODB_TABLE still works for now).',
    ]);
  });

  it('refuses a table name DynamoDB would refuse, as the API does', () => {
    expect(() => parseCliOptions(['--table', 'N'], {})).toThrow(/NOTES_TABLE must be a DynamoDB table name/);
  });

  it('prefers the command line to the environment', () => {
    expect(parseCliOptions(['--port', '0', '--data-dir', '/tmp/d'], { DYNAMODB_PORT: '8001' })).toEqual({
      port: 0,
      dataDir: '/tmp/d',
    });
  });

  it('refuses a port that is not a number, and unknown flags', () => {
    expect(() => parseCliOptions([], { DYNAMODB_PORT: 'eighty' })).toThrow(/DYNAMODB_PORT must be a port number/);
    expect(() => parseCliOptions([], { DYNAMODB_PORT: 'eighty', NOTES_TABLE: 'x' })).toThrow(
      /DYNAMODB_PORT[\s\S]*NOTES_TABLE/,
    );
    expect(() => parseCliOptions(['--port', '99999'], {})).toThrow(/0 to 65535/);
    expect(() => parseCliOptions(['--prot', '1'], {})).toThrow();
  });

  it('asks for help', () => {
    expect(parseCliOptions(['--help'], {})).toBe('help');
  });
});
