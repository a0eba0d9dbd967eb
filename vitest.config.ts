import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // node:sqlite is still flagged experimental on Node 22; npm start silences the same warning.
    execArgv: ["--disable-warning=ExperimentalWarning"],
  },
});
