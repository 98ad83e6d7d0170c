import js from '@eslint/js'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  { ignores: ['build/**', 'node_modules/**', 'data/**', 'tests/.artifacts/**', 'public/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,js}'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-explicit-any': ['error', { ignoreRestArgs: true }],
    },
  },
  {
    // Migrations are frozen in time and typed against any schema, as Kysely recommends.
    files: ['db/migrations/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // A request finds its code in one hop: route → app/access (who may) → app/models/<domain> → db/. Routes hold no
    // SQL and never reach db/ themselves.
    files: ['app/routes/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: '~/utils/db.server', message: 'Routes call app/models/<domain>/*.server.ts; they hold no SQL.' },
            { name: 'kysely', message: 'Routes call app/models/<domain>/*.server.ts; they hold no SQL.' },
          ],
          patterns: [
            { regex: '^(#db/|(\\.\\./)+db/)', message: 'Routes never import db/: call a model, which returns what the route needs.' },
          ],
        },
      ],
    },
  },
  {
    // Models sit below the access layer and the routes; they know nothing of who asks or of HTTP routing.
    files: ['app/models/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['~/access/*', '**/access/*'], message: 'Models never import the access layer: routes check access, then call models.' },
            { group: ['~/routes/*', '**/routes/*'], message: 'Models never import routes.' },
          ],
        },
      ],
    },
  },
  {
    // Utils sit below the models: small helpers (time, URLs, cookies, the db handle) that know no domain.
    files: ['app/utils/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['~/access/*', '**/access/*'], message: 'Utils never import the access layer.' },
            { group: ['~/routes/*', '**/routes/*'], message: 'Utils never import routes.' },
            { group: ['~/models/*', '**/models/*'], message: 'Utils sit below the models and never import them.' },
          ],
        },
      ],
    },
  },
)
