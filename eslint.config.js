// ESLint flat config. The import-boundary rules below enforce DESIGN.md §2: one pipeline,
// arrows one way (sources → artifacts → parsers → model → analyses → reports; cli on top).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Folders a stage may NOT import from (the stages downstream of it, or beside it). */
const forbidden = {
  parsers: ['sources', 'model', 'checks', 'dataplane', 'diagnose', 'report', 'cli', 'lab'],
  sources: ['model', 'checks', 'dataplane', 'diagnose', 'report', 'cli'],
  model: ['sources', 'checks', 'dataplane', 'diagnose', 'report', 'cli', 'lab'],
  checks: ['sources', 'parsers', 'diagnose', 'report', 'cli', 'lab'],
  dataplane: ['sources', 'parsers', 'checks', 'diagnose', 'report', 'cli', 'lab'],
  diagnose: ['parsers', 'report', 'cli', 'lab'],
  // reports render result types of the analyses, never sources or parsers.
  report: ['sources', 'parsers', 'cli', 'lab'],
  artifacts: ['sources', 'parsers', 'model', 'checks', 'dataplane', 'diagnose', 'report', 'cli', 'lab'],
  i18n: ['sources', 'parsers', 'model', 'checks', 'dataplane', 'diagnose', 'report', 'cli', 'lab', 'net'],
  // net (IPv4 arithmetic) is a leaf every stage may use: it imports nothing from src.
  net: [
    'sources',
    'parsers',
    'model',
    'checks',
    'dataplane',
    'diagnose',
    'report',
    'cli',
    'lab',
    'i18n',
    'artifacts',
  ],
  lab: ['checks', 'diagnose', 'report', 'cli'],
};

function stagePatterns(stage) {
  return forbidden[stage].map((b) => ({
    group: [`../${b}/*`, `../../${b}/*`, `../../../${b}/*`, `../${b}`, `../../${b}`],
    message: `src/${stage} must not import from src/${b} (DESIGN.md §2: arrows one way).`,
  }));
}

const boundaryConfigs = Object.keys(forbidden).map((stage) => ({
  files: [`src/${stage}/**/*.ts`],
  rules: { 'no-restricted-imports': ['error', { patterns: stagePatterns(stage) }] },
}));

/**
 * Floors inside src/dataplane (engine below trace below matrix) and what the checks may use of it:
 * the OpenFlow/netfilter engine only, never the cluster simulator.
 */
const innerBoundaries = [
  {
    files: ['src/dataplane/engine/**/*.ts'],
    banned: ['dataplane/trace', 'dataplane/matrix'],
    base: 'dataplane',
  },
  { files: ['src/dataplane/trace/**/*.ts'], banned: ['dataplane/matrix'], base: 'dataplane' },
  {
    files: ['src/checks/**/*.ts'],
    banned: ['dataplane/trace', 'dataplane/matrix', 'dataplane/index.js'],
    base: 'checks',
  },
];

const innerConfigs = innerBoundaries.map(({ files, banned, base }) => ({
  files,
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          ...stagePatterns(base),
          ...banned.map((b) => {
            const leaf = b.split('/').slice(1).join('/');
            return {
              group: [
                `../${leaf}/*`,
                `../../${b}/*`,
                `../../../${b}/*`,
                `../../../../${b}/*`,
                `../../${b}`,
                `../../../${b}`,
              ],
              message: `${files[0].replace('/**/*.ts', '')} must not import from src/${b} (docs/DEVELOPING.md: engine below trace below matrix; checks use the engine only).`,
            };
          }),
        ],
      },
    ],
  },
}));

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'examples/**', 'test/fixtures/**', 'coverage/**', 'release/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    // Build scripts run by Node directly (npm run build / package).
    files: ['scripts/**/*.{mjs,cjs}'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
  {
    // scripts/sea/*.cjs are CommonJS modules bundled into the single-file build.
    files: ['scripts/**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  ...boundaryConfigs,
  ...innerConfigs,
  {
    // cli/ is the only place that touches process (DESIGN.md §2).
    files: ['src/**/*.ts'],
    ignores: ['src/cli/**', 'src/lab/**', 'src/sources/**', 'src/diagnose/**'],
    rules: {
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'Only src/cli (and I/O stages) touch process.' },
      ],
    },
  },
);
