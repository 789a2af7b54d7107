import { defineConfig } from 'vitest/config';

/**
 * Tests that build real network namespaces, Open vSwitch daemons and labs, and the single-file
 * package build (esbuild, a SEA blob, a 100 MB binary gzipped: tens of seconds of CPU). They run
 * after the unit tests and one file at a time: two labs on a 2-core CI machine would compete for
 * the CPU and turn probe timeouts into flaky failures, and the package build beside the unit
 * tests would slow their timed runs.
 */
const LAB_TESTS = [
  'test/e2e/**/*.test.ts',
  'test/checks/lab-analyze.test.ts',
  'test/bundle/collect-lab.test.ts',
  'test/bundle/collect.test.ts',
  'test/parsers/*capture*.test.ts',
  'test/dataplane/ofproto-agreement.test.ts',
  'test/deploy/single-file.test.ts',
];

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
          exclude: LAB_TESTS,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: 'lab',
          include: LAB_TESTS,
          // this run's pool of shared plain labs (testkit/lab-pool.ts): named here, downed at the end
          globalSetup: ['testkit/lab-pool-setup.ts'],
          poolOptions: { forks: { singleFork: true } },
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
