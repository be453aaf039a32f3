import { defineConfig } from 'vite';

/**
 * The chat widget a tenant pastes on its site: one plain-TypeScript file bundled by Vite (Rolldown) as a self-running
 * IIFE, no framework, into dist/widget.js, which the server serves at /widget.js. `npm run build:widget`.
 */
export default defineConfig({
  root: import.meta.dirname,
  logLevel: 'warn',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2020',
    sourcemap: false,
    minify: true,
    lib: { entry: 'src/widget.ts', formats: ['iife'], name: 'SmarterOSChat', fileName: () => 'widget.js' },
  },
});
