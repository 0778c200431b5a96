import react from '@vitejs/plugin-react';
import { defaultClientConditions, defineConfig } from 'vite';
import { devConfig } from './build/dev-config.ts';
import { initialLoadSize } from './build/initial-load-size.ts';

// Workspace packages are read from their TypeScript source (the `source` export condition), as
// the tests do, so the app needs no build of @secure-notes/http-api first.
export default defineConfig({
  plugins: [react(), initialLoadSize({ budgetKiB: 150 }), devConfig()],
  resolve: { conditions: ['source', ...defaultClientConditions] },
  build: { target: 'es2022', sourcemap: false, modulePreload: { polyfill: false } },
  server: { port: Number(process.env.WEB_DEV_PORT ?? 5174), strictPort: true },
});
