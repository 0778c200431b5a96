/**
 * A Vite plugin that prints what the first visit downloads, gzipped: the entry's JavaScript
 * with every chunk it imports statically, and the CSS, and fails the build when the JavaScript
 * passes its budget. Vite's own report lists each file; this adds the sum a person waits for.
 */
import { gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

export function initialLoadSize(options: { readonly budgetKiB: number }): Plugin {
  return {
    name: 'secure-notes:initial-load-size',
    apply: 'build',
    generateBundle(_options, bundle) {
      const chunks = Object.values(bundle).filter((file) => file.type === 'chunk');
      const byName = new Map(chunks.map((chunk) => [chunk.fileName, chunk]));
      const initial = new Set<string>();
      const visit = (fileName: string) => {
        if (initial.has(fileName)) return;
        initial.add(fileName);
        for (const imported of byName.get(fileName)?.imports ?? []) visit(imported);
      };
      for (const chunk of chunks) if (chunk.isEntry) visit(chunk.fileName);
      const gzipped = (text: string | Uint8Array) => gzipSync(text, { level: 9 }).length;
      const js = [...initial].reduce((sum, name) => sum + gzipped(byName.get(name)?.code ?? ''), 0);
      const css = Object.values(bundle)
        .filter((file) => file.type === 'asset' && file.fileName.endsWith('.css'))
        .reduce((sum, file) => sum + (file.type === 'asset' ? gzipped(file.source) : 0), 0);
      const kib = (bytes: number) => (bytes / 1024).toFixed(1);
      console.log(
        `\nInitial load, gzipped: JavaScript ${kib(js)} KiB of a ${options.budgetKiB} KiB budget, CSS ${kib(css)} KiB\n`,
      );
      if (js > options.budgetKiB * 1024) {
        this.error(
          `The initial JavaScript is ${kib(js)} KiB gzipped, over the ${options.budgetKiB} KiB budget: split a route with import() or drop a dependency.`,
        );
      }
    },
  };
}
