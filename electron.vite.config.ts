import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'

// Build of the three runtimes (see docs/design.md, "Layers"):
// - main: the Electron entry plus the plain-Node entries (CLI, serve mode), which share the engine.
//   lowdb and chokidar are ESM-only; they are bundled so the CommonJS output never depends on
//   require(ESM) (tech notes, section 2).
// - preload: fully bundled (externalizeDeps off), since a sandboxed preload cannot require packages.
// - renderer: the React UI.
export default defineConfig({
  main: {
    build: {
      externalizeDeps: { exclude: ['lowdb', 'chokidar'] },
      rolldownOptions: {
        input: {
          index: resolve(import.meta.dirname, 'src/main/index.ts'),
          cli: resolve(import.meta.dirname, 'src/main/cli/index.ts'),
          // The engine's utility process (src/main/electron/coreProcess.ts forks out/main/coreHost.js).
          coreHost: resolve(import.meta.dirname, 'src/main/electron/coreHost.ts'),
          // Worker threads of the engine, found by name beside the bundle (src/main/core/workers).
          scanWorker: resolve(import.meta.dirname, 'src/main/core/archive/scanWorker.ts'),
          searchWorker: resolve(import.meta.dirname, 'src/main/core/search/worker.ts'),
          watchWorker: resolve(import.meta.dirname, 'src/main/core/watch/watchThread.ts'),
        },
      },
    },
  },
  preload: {
    build: { externalizeDeps: false },
  },
  renderer: {
    root: resolve(import.meta.dirname, 'src/renderer'),
    plugins: [react()],
    build: {
      rolldownOptions: {
        input: { index: resolve(import.meta.dirname, 'src/renderer/index.html') },
      },
    },
  },
})
