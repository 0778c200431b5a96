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
      DYNAMODB_TABLE: 'N',
    };

    expect(parseCliOptions([], env)).toEqual({
      port: 8001,
      host: '0.0.0.0',
      dataDir: '.data/dynamodb',
      tableName: 'N',
    });
  });

  it('prefers the command line to the environment', () => {
    expect(parseCliOptions(['--port', '0', '--data-dir', '/tmp/d'], { DYNAMODB_PORT: '8001' })).toEqual({
      port: 0,
      dataDir: '/tmp/d',
    });
  });

  it('refuses a port that is not a number, and unknown flags', () => {
    expect(() => parseCliOptions([], { DYNAMODB_PORT: 'eighty' })).toThrow(/DYNAMODB_PORT must be a port number/);
    expect(() => parseCliOptions(['--port', '99999'], {})).toThrow(/0 to 65535/);
    expect(() => parseCliOptions(['--prot', '1'], {})).toThrow();
  });

  it('asks for help', () => {
    expect(parseCliOptions(['--help'], {})).toBe('help');
  });
});
