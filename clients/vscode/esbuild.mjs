// Bundles the extension into dist/extension.js (and the unit tests into out/test/).
//   node esbuild.mjs               development bundle with source maps
//   node esbuild.mjs --production  minified bundle, no source maps (what the .vsix ships)
//   node esbuild.mjs --watch       rebuild on change (prints [watch] markers for tasks.json)
//   node esbuild.mjs --tests       bundle test/*.test.ts for `node --test out/test/`
import * as esbuild from 'esbuild';
import { readdirSync } from 'node:fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const tests = process.argv.includes('--tests');

/** Prints esbuild's problems in the `file:line:col: error: message` form tasks.json matches. */
const problemReporter = {
  name: 'problem-reporter',
  setup(build) {
    build.onStart(() => {
      if (watch) console.log('[watch] build started');
    });
    build.onEnd((result) => {
      const problems = [
        ...result.errors.map((m) => ({ ...m, kind: 'error' })),
        ...result.warnings.map((m) => ({ ...m, kind: 'warning' })),
      ];
      for (const { text, location, kind } of problems) {
        if (location) console.error(`${location.file}:${location.line}:${location.column + 1}: ${kind}: ${text}`);
        else console.error(`${kind}: ${text}`);
      }
      if (watch) console.log('[watch] build finished');
    });
  },
};

const common = {
  bundle: true,
  platform: 'node',
  target: 'node18',
  format: 'cjs',
  external: ['vscode'],
  logLevel: 'silent',
  plugins: [problemReporter],
};

const options = tests
  ? {
      ...common,
      entryPoints: readdirSync('test')
        .filter((f) => f.endsWith('.test.ts'))
        .map((f) => `test/${f}`),
      outdir: 'out/test',
      sourcemap: true,
    }
  : {
      ...common,
      entryPoints: ['src/extension.ts'],
      outfile: 'dist/extension.js',
      minify: production,
      sourcemap: !production,
      sourcesContent: false,
    };

if (watch) {
  const ctx = await esbuild.context(options);
  await ctx.watch();
} else {
  try {
    await esbuild.build(options);
  } catch {
    process.exit(1);
  }
}
