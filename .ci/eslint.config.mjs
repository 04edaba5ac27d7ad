// ESLint flat config (kept in .ci/ so the top level stays the design card). `npm run lint` runs it.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'cdktf.out/**',
      '.cdktf.out.staging/**',
      '.build/**',
      'coverage/**',
      '.gen/**',
      'imports/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      // Imports are deep (`@cdktf/provider-google/lib/<resource>`); a package root loads ~1,500 classes.
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@cdktf/provider-google',
              message: 'Import from @cdktf/provider-google/lib/<resource> (the root loads every resource).',
            },
            { name: '@cdktf/provider-google-beta', message: 'Import from @cdktf/provider-google-beta/lib/<resource>.' },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'off',
    },
  },
  {
    // Plain Node.js scripts (the build, this config).
    files: ['**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
  {
    // Tests read JSON whose shape they assert on, and load JSON descriptors with require().
    files: ['test/**/*.ts', 'jest.config.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-require-imports': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      // A focused test (.only, also it.concurrent.only) would silence the rest of its suite, and in a
      // spec group every other spec.
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[property.name='only']",
          message: 'Commit no focused test: it silences the other tests of its suite.',
        },
      ],
      'no-restricted-globals': [
        'error',
        ...['fit', 'fdescribe'].map((name) => ({ name, message: 'Commit no focused test.' })),
      ],
    },
  },
);
