/**
 * Bundles the React Spectrum variant of the simulated console (app.tsx, with react,
 * react-dom and @adobe/react-spectrum) into ./dist, which the simulator serves for
 * `?ui=spectrum`. Test-only: the extension never imports any of it.
 *
 *   npx tsx test/console-sim/spectrum/build.ts     (npm run build:sim)
 */
import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const HERE = fileURLToPath(new URL('.', import.meta.url));
export const SPECTRUM_DIST = `${HERE}dist/`;

export async function buildSpectrumApp(): Promise<void> {
  await build({
    configFile: false,
    root: HERE,
    logLevel: 'warn',
    mode: 'production',
    define: { 'process.env.NODE_ENV': '"production"' },
    // Production JSX whatever NODE_ENV says: vitest sets it to `test`, which would compile to
    // jsxDEV calls that the production React bundled here does not have.
    oxc: { jsx: { runtime: 'automatic', importSource: 'react', development: false } },
    build: {
      outDir: SPECTRUM_DIST,
      emptyOutDir: true,
      target: 'es2022',
      cssCodeSplit: false,
      reportCompressedSize: false,
      chunkSizeWarningLimit: 4000, // React + Spectrum in one file, served from loopback
      rolldownOptions: {
        input: `${HERE}app.tsx`,
        output: { entryFileNames: 'app.js', assetFileNames: 'app[extname]', codeSplitting: false },
      },
    },
  });
}

/** Whether dist is missing or older than the app's sources (the demo and sim build on demand). */
export function spectrumBuildStale(): boolean {
  const out = `${SPECTRUM_DIST}app.js`;
  if (!existsSync(out)) return true;
  const built = statSync(out).mtimeMs;
  return [`${HERE}app.tsx`, `${HERE}../app/common.js`].some((f) => statSync(f).mtimeMs > built);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const started = Date.now();
  await buildSpectrumApp();
  console.log(`spectrum simulator built in ${Date.now() - started} ms -> ${SPECTRUM_DIST}`);
}
