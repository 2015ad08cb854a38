import fs from 'node:fs';
import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTypescript from 'eslint-config-next/typescript';

// Dependency direction: app → modules → core. A module reaches another module only through
// that module's public index.ts. dev/, bench/ and tests/ may import anything.
const moduleNames = fs.existsSync('modules')
  ? fs.readdirSync('modules', { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name)
  : [];

const moduleBoundaryZones = moduleNames.map((name) => ({
  target: `./modules/${name}`,
  from: './modules',
  // i18n's format.ts and dictionaries.ts are public too: pure formatting and wording for code that
  // also runs outside Next (the crash worker runs the execution path under the react-server
  // condition, where the client components that i18n's index exports cannot load). So is
  // use-i18n.ts, the screens' texts for client components, kept out of the index so pages that do
  // not show a schedule or prebooking do not carry them (issue 19), and day-input.ts, the typed date
  // fields' parsing, which pages without such a field should not carry either.
  except: [
    `./${name}`,
    ...moduleNames.filter((other) => other !== name).map((other) => `./${other}/index.ts`),
    ...(name === 'i18n' ? [] : ['./i18n/format.ts', './i18n/day-input.ts', './i18n/dictionaries.ts', './i18n/use-i18n.ts']),
  ],
  message: 'Import another module only through its public index.ts (e.g. "@/modules/aimharder").',
}));

const layerZones = [
  { target: './core', from: './modules', message: 'core/ is infrastructure and must not depend on feature modules.' },
  { target: './core', from: './app', message: 'core/ must not depend on routes.' },
  { target: './modules', from: './app', message: 'modules/ must not depend on routes.' },
];
const productFrom = (from) => ({ target: ['./app', './modules', './core'], from, message: 'Product code must not import local stand-ins, benchmarks or tests.' });

const eslintConfig = [
  {
    ignores: ['node_modules/**', '.next/**', '.next-*/**', '.next-test/**', '.data/**', 'next-env.d.ts', 'tests/e2e/screenshots/**', 'bench/results/**'],
  },
  ...nextVitals,
  ...nextTypescript,
  {
    rules: {
      'import/no-restricted-paths': [
        'error',
        {
          zones: [...layerZones, productFrom(['./dev', './bench', './tests']), ...moduleBoundaryZones],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    // Unit tests next to the code may share the fixtures in tests/fixtures (one class-slot builder,
    // not a copy per test file); nothing else of tests/ and no stand-in.
    files: ['**/*.test.ts'],
    rules: {
      'import/no-restricted-paths': [
        'error',
        { zones: [...layerZones, productFrom(['./dev', './bench', './tests/e2e', './tests/integration', './tests/reliability', './tests/support']), ...moduleBoundaryZones] },
      ],
    },
  },
  {
    // Command-line entry points and tests talk to a human on the console.
    files: ['dev/**', 'bench/**', 'tests/**', '**/*.test.ts'],
    rules: { 'no-console': 'off' },
  },
];

export default eslintConfig;
