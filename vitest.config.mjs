import { defineConfig } from 'vitest/config';

// JS tests live in js/test/ (the package's own unit tests) and tests/js/ (repo-level
// tests). Environment is node; a file that needs a DOM opts in with a first-line
// comment `// @vitest-environment jsdom`.
export default defineConfig({
  test: {
    include: ['js/test/**/*.test.{js,mjs}', 'tests/js/**/*.test.{js,mjs}'],
    environment: 'node',
    testTimeout: 20000,
  },
});
