import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', '.launchwatch*/', 'test-output/', 'scratch-*'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    // src/plan is a leaf: it imports itself, node: builtins and npm packages (zod, yaml, croner), nothing else of
    // launchwatch. src/plan/layering.test.ts checks the same over resolved paths, and that its imports have no cycle.
    files: ['src/plan/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^(?:\\.\\./|/)(?!plan/)', message: 'src/plan imports nothing outside src/plan: move the vocabulary it needs into src/plan, and import it from there.' }] },
      ],
    },
  },
  {
    files: ['src/plan/*/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '^(?:\\.\\./){2,}|^/', message: 'src/plan imports nothing outside src/plan.' }] }],
    },
  },
);
