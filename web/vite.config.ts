/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// `npm run dev` serves the portal with hot reloading and hands everything that is not the portal's own to
// a running `openmsp serve` (OPENMSP_URL, default http://127.0.0.1:8080), so the API is same-origin as in
// production and its session cookie works (docs/web.md).
const server = process.env.OPENMSP_URL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [react()],
  server: {
    proxy: Object.fromEntries(
      ['/api', '/ocpi', '/healthz', '/readyz', '/metrics'].map((path) => [path, { target: server }]),
    ),
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 1024,
  },
  test: {
    environment: 'jsdom',
    globals: true,
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['src/test/setup.ts'],
    css: false,
    // The machine is shared with C++ builds: a page test typing into forms may take seconds under load.
    testTimeout: 30_000,
  },
});
