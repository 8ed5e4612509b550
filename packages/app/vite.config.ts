import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The clinician app and citizen portal: one bundle, served by the server at `/` (packages/server/src/web).
// Settings (FHIR base, issuers) come from `/app-config.json` at run time, so nothing here depends on where the
// server runs.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    assetsDir: 'assets',
  },
});
