/**
 * Builds the dashboard (web/) into dist/web, served by the server at /app/
 * (src/server/routes/web.ts). The build is written into a staging folder
 * beside it and swapped into place only once complete, so a server or test
 * run reading dist/web meanwhile never finds it empty or half written.
 */
import { existsSync, renameSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const OUT = fileURLToPath(new URL('./dist/web', import.meta.url));
const STAGING = `${OUT}.building-${process.pid}`;
const OLD = `${OUT}.old-${process.pid}`;

/** After a successful write: dist/web out of the way, the new build in (two renames, a few microseconds apart), the old one removed. */
function swapIntoPlace(): Plugin {
  return {
    name: 'launchwatch:swap-into-place',
    apply: 'build',
    writeBundle() {
      if (!existsSync(`${STAGING}/index.html`)) throw new Error(`the web build wrote no index.html into ${STAGING}`);
      const previous = existsSync(OUT);
      if (previous) renameSync(OUT, OLD);
      renameSync(STAGING, OUT);
      if (previous) rmSync(OLD, { recursive: true, force: true });
    },
    buildEnd(error) {
      if (error) rmSync(STAGING, { recursive: true, force: true });
    },
  };
}

export default defineConfig({
  root: fileURLToPath(new URL('./web', import.meta.url)),
  base: '/app/',
  publicDir: false,
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  plugins: [swapIntoPlace()],
  build: {
    outDir: STAGING,
    emptyOutDir: true,
    target: 'es2022',
    // No inline scripts or data: modules, so the page runs under script-src 'self'.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    reportCompressedSize: true,
  },
});
