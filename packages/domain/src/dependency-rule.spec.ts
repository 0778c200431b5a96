/**
 * The hexagon's dependency rule, checked: the domain imports nothing outside itself and Node's
 * standard library (its testing entry may also import vitest), and declares no dependencies.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const builtins = new Set(builtinModules);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sourceFiles(join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(dir, entry.name)]
        : [],
  );
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [
    ...text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]/g),
  ].map((match) => match[1] ?? match[2]!);
}

function allowed(file: string, specifier: string): boolean {
  if (specifier.startsWith('.')) return true;
  if (specifier.startsWith('node:') || builtins.has(specifier)) return true;
  return specifier === 'vitest' && (relative(root, file).startsWith('src/testing/') || file.endsWith('.spec.ts'));
}

describe('the domain package', () => {
  it('imports only itself and the standard library', () => {
    const offending = sourceFiles(join(root, 'src')).flatMap((file) =>
      importsOf(file)
        .filter((specifier) => !allowed(file, specifier))
        .map((specifier) => `${relative(root, file)} imports ${specifier}`),
    );

    expect(offending).toEqual([]);
  });

  it('sees imports of infrastructure when they are there', () => {
    const probe = join(root, 'src', 'probe.ts');

    expect(allowed(probe, '@aws-sdk/lib-dynamodb')).toBe(false);
    expect(allowed(probe, 'inversify')).toBe(false);
    expect(allowed(probe, 'vitest')).toBe(false);
    expect(allowed(probe, 'node:crypto')).toBe(true);
  });

  it('declares no dependencies', () => {
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

    expect(manifest.dependencies ?? {}).toEqual({});
  });
});
