// Vite config: serves the UI to `cargo tauri dev` on a fixed port and builds ui/dist for the bundle.
import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { fileURLToPath } from 'node:url';

export default defineConfig({
  plugins: [svelte()],
  // Relative asset paths, because Tauri serves dist/ from its own custom protocol.
  base: './',
  // Tauri prints its own output in the same terminal; a cleared screen would hide Rust errors.
  clearScreen: false,
  resolve: {
    alias: { $lib: fileURLToPath(new URL('./src/lib', import.meta.url)) },
  },
  server: {
    port: 1420,
    // tauri.conf.json's devUrl names this port; another one would load nothing.
    strictPort: true,
    watch: { ignored: ['**/src-tauri/**', '**/target/**'] },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 1500,
  },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
