/**
 * The README's lists of settings are checked against the schemas the processes read: a variable
 * a schema reads and the README leaves out fails here, and so does one the README lists that no
 * schema reads. Each list sits between `<!-- settings: … -->` and `<!-- /settings -->`.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { LOCAL_DYNAMODB_RENAMED } from '@secure-notes/local-dynamodb';
import { SERVER_SCHEMAS } from '@secure-notes/server';
import { variablesOf } from '@secure-notes/service-kit/config';
import { describe, expect, it } from 'vitest';
import { LOCAL_STACK_SCHEMAS } from './config.js';

const README = readFileSync(resolve(import.meta.dirname, '../../../README.md'), 'utf8');

/** The variables named in backticks (`NAME` or `NAME=value`) between the README's markers. */
function listedIn(marker: string, end = '<!-- /settings -->'): string[] {
  const start = README.indexOf(`<!-- ${marker}`);
  if (start < 0) throw new Error(`README.md has no <!-- ${marker} --> block`);
  const block = README.slice(start, README.indexOf(end, start));
  return [...new Set([...block.matchAll(/`([A-Z][A-Z0-9_]{2,})(?:=[^`]*)?`/g)].map((match) => match[1] as string))];
}

describe('the README’s settings', () => {
  it('lists exactly the variables npm start reads', () => {
    expect(listedIn('settings: npm start').sort()).toEqual(variablesOf(LOCAL_STACK_SCHEMAS).sort());
  });

  it('lists exactly the variables the container reads', () => {
    expect(listedIn('settings: the container').sort()).toEqual(variablesOf(SERVER_SCHEMAS).sort());
  });

  it('lists each former name with the name that replaced it', () => {
    const renamed = listedIn('renamed settings', '<!-- /renamed settings -->');

    expect(renamed.sort()).toEqual(Object.entries(LOCAL_DYNAMODB_RENAMED).flat().sort());
  });
});
