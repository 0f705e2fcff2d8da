// ESLint for a WXT + Preact + TypeScript extension: `npm run lint`, run by .ci/run.
//
// TypeScript 7 (the native compiler this project type-checks with) has no JavaScript API,
// and typescript-eslint's parser needs one (it supports TypeScript up to 6.0, see
// typescript-eslint#10940). So `typescript6` (TypeScript 6.0 under another name, a dev
// dependency) serves the parser: the hook below resolves `typescript` to it for
// typescript-eslint's own modules only; `tsc` stays TypeScript 7. Type-aware rules are not
// used: they would type-check a second time with another compiler than the build's.
import Module from 'node:module';

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, parent, ...rest) {
  const forParser = request === 'typescript' && /[\\/]node_modules[\\/](@typescript-eslint|typescript-eslint|ts-api-utils)[\\/]/.test(parent?.filename ?? '');
  return resolveFilename.call(this, forParser ? 'typescript6' : request, parent, ...rest);
};

const { default: js } = await import('@eslint/js');
const { default: tseslint } = await import('typescript-eslint');
const { default: reactHooks } = await import('eslint-plugin-react-hooks');
const { default: globals } = await import('globals');

export default tseslint.config(
  {
    ignores: ['.output/**', '.wxt/**', 'node_modules/**', 'test/console-sim/spectrum/dist/**', 'test-results/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      // `_name` marks a parameter kept for its position (a listener's, a handler's).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    // Preact's hooks follow React's rules (only these two: the React Compiler's rules that
    // the plugin's presets add assume React). Not in the e2e tests, whose `useHarness` is
    // no hook, only a name.
    files: ['components/**/*.{ts,tsx}', 'entrypoints/**/*.{ts,tsx}', 'test/console-sim/spectrum/**/*.tsx'],
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    // The content script's 20 kB budget: the page's words and CSS come from the background
    // at start; a value imported from their modules would be bundled into the page.
    files: ['lib/console/**/*.{ts,tsx}', 'components/page/**/*.{ts,tsx}', 'entrypoints/console/**/*.{ts,tsx}'],
    ignores: ['**/*.test.{ts,tsx}', '**/*.testutil.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@/lib/i18n/page-strings', '@/lib/console/styles', '**/console/styles', './styles'],
              allowTypeImports: true,
              message: 'The background sends these to the page (strings.get, styles.get): import types only.',
            },
          ],
        },
      ],
    },
  },
  {
    // The simulated console (Adobe's app, not ours): it fetches when its route changes,
    // as the real one does, and reads the simulator's JSON loosely.
    files: ['test/console-sim/**/*.{ts,tsx}'],
    rules: { 'react-hooks/exhaustive-deps': 'off', '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // The simulator's page scripts run in a browser; the rest of the JavaScript under node.
    files: ['test/console-sim/app/**/*.js'],
    languageOptions: { globals: globals.browser },
  },
  {
    files: ['**/*.{js,mjs}'],
    ignores: ['test/console-sim/app/**'],
    languageOptions: { globals: globals.node },
  },
);
