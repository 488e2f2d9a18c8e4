// Native ESM: @nestjs/* 12 ships ESM only, so jest runs with --experimental-vm-modules and @swc/jest.
const swcOptions = (tsx) => ({ jsc: { parser: { syntax: 'typescript', decorators: true, tsx }, transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false, ...(tsx ? { react: { runtime: 'automatic', importSource: 'preact' } } : {}) }, target: 'es2023', keepClassNames: true }, module: { type: 'es6' } });
const swc = ['@swc/jest', swcOptions(false)];
// The staff pages are TSX rendered by Preact (tsconfig: jsx react-jsx, jsxImportSource preact).
const swcTsx = ['@swc/jest', swcOptions(true)];

const common = {
  extensionsToTreatAsEsm: ['.ts', '.tsx'],
  transform: { '^.+\\.ts$': swc, '^.+\\.tsx$': swcTsx },
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  setupFiles: ['<rootDir>/test/support/reflect.ts'],
  testEnvironment: 'node',
};

export default {
  projects: [
    { ...common, displayName: 'unit', roots: ['<rootDir>/src'], testMatch: ['**/*.spec.ts', '**/*.spec.tsx'] },
    {
      ...common,
      displayName: 'e2e',
      roots: ['<rootDir>/test'],
      testMatch: ['**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.mjs',
      globalTeardown: '<rootDir>/test/support/global-teardown.mjs',
    },
    {
      ...common,
      displayName: 'resilience',
      roots: ['<rootDir>/test'],
      testMatch: ['**/*.resilience-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.mjs',
      globalTeardown: '<rootDir>/test/support/global-teardown.mjs',
    },
  ],
  maxWorkers: 2,
  testTimeout: 30000,
};
