import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'imports/**', 'build/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    // Objects made while a Job is synthesized start with a spread: SITE_FREE (lib/rules/utils.ts) says why.
    files: [
      'lib/render/content-hash.ts',
      'lib/render/job-template.ts',
      'lib/render/manifest-json.ts',
      'lib/render/platform-overlay.ts',
      'lib/render/yaml.ts',
      'lib/rules/pod-security.ts',
      'lib/validation/warnings.ts',
    ],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          // Property descriptors (Object.defineProperty's third argument) are not data: exempt.
          selector:
            ":function ObjectExpression:not(CallExpression[callee.property.name='defineProperty'] > ObjectExpression) > Property:first-child",
          message:
            'Start the object with ...SITE_FREE (or another spread): SITE_FREE (lib/rules/utils.ts) says why.',
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: {
      globals: { module: 'writable', require: 'readonly', process: 'readonly', __dirname: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  }
);
