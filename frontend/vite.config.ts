/// <reference types="vitest" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true, // scripts/keep.mjs re-creates dist/.keep afterwards
    chunkSizeWarningLimit: 700,
  },
  server: {
    // The API, sign-in and GraphiQL come from the Go server.
    proxy: {
      '/graphql': 'http://127.0.0.1:8080',
      '/auth': 'http://127.0.0.1:8080',
      '/playground': 'http://127.0.0.1:8080',
    },
  },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
