import { readFileSync } from 'node:fs';
import { defineConfig, type Plugin } from 'vitest/config';

/**
 * @actions/workflow-parser (test/workflows.test.ts) ships source maps that
 * point at sources it does not ship, and Vite would warn once per module; its
 * modules are loaded here without their map comments.
 */
const workflowParserWithoutSourceMaps: Plugin = {
  name: 'workflow-parser-without-source-maps',
  enforce: 'pre',
  load(id) {
    if (!/[\\/]node_modules[\\/]@actions[\\/]workflow-parser[\\/].*\.js$/.test(id)) return null;
    return readFileSync(id, 'utf8').replace(/^\/\/# sourceMappingURL=.*$/gm, '');
  },
};

export default defineConfig({
  plugins: [workflowParserWithoutSourceMaps],
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    globalSetup: ['test/global-setup.ts'],
    server: {
      deps: {
        // It imports its JSON schemas without `with { type: 'json' }`, which
        // Node refuses; through Vite's transform they load.
        inline: ['@actions/workflow-parser'],
      },
    },
  },
});
