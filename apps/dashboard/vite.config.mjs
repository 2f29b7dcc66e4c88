// Builds the dashboard (Preact, no framework plugin: Vite's own transform compiles the JSX) into dist/dashboard,
// which the gateway serves at `/`. `npx vite --config apps/dashboard/vite.config.mjs` serves it for
// development with /v1 proxied to a running gateway (ONESCALE_URL, default http://127.0.0.1:3000).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  root: here('.'),
  base: '/',
  logLevel: 'warn',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: here('../../dist/dashboard'),
    emptyOutDir: true,
    target: 'es2022',
    modulePreload: { polyfill: false },
    sourcemap: false,
    reportCompressedSize: false,
  },
  server: { proxy: { '/v1': process.env.ONESCALE_URL ?? 'http://127.0.0.1:3000' } },
});
