// Lint: typescript-eslint with type information (projectService reads tsconfig.json), so rules
// such as no-floating-promises see the types. Formatting is Prettier's job, not ESLint's.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'reports/', 'dist/', '.sandbox/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['*.mjs', 'sandbox/*.cjs'] }, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // Unused names are dead code; a leading underscore marks one kept on purpose.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      // zod's `z` export is one object holding all of zod, its 40-odd locales included, so the bundle
      // keeps every byte (570 KB); imported as a namespace, esbuild keeps only what is used (about
      // 140 KB): about 40 ms less main-thread CPU before the built package's first request, 500 → 460 ms
      // here (issue #31).
      // (A syntax rule, not no-restricted-imports: that one refuses the namespace import too.)
      'no-restricted-syntax': [
        'error',
        {
          selector: "ImportDeclaration[source.value='zod'] > ImportSpecifier[imported.name='z']",
          message: "Import zod as a namespace (import * as z from 'zod'): see eslint.config.mjs.",
        },
      ],
    },
  },
  {
    // The one CommonJS file (sandbox/thread-pool.cjs says why it must be): require() is its way to import.
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', process: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Tests read untyped JSON answers; asserting on `any` there is the point of the test.
    files: ['**/*.test.ts', '**/*.test.tsx', 'steps/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      // Test doubles implement async interfaces without always awaiting anything.
      '@typescript-eslint/require-await': 'off',
    },
  },
);
