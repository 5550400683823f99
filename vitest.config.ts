import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // A private D-Bus + gnome-keyring for keytar on Linux without a session bus (see test/support/keyring.ts).
    globalSetup: ['test/support/global-setup.ts'],
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/unit/**/*.test.ts'], environment: 'node', testTimeout: 20_000 },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // Each e2e file starts its own host and browser; on 2 cores running them one at a time is faster.
          fileParallelism: false,
        },
      },
    ],
  },
});
