import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Builds dist/ once per run: the CLI and multi-process tests start the sandbox as shipped.
    globalSetup: ['test/global-setup.ts'],
  },
});
