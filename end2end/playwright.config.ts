import { defineConfig, devices } from "@playwright/test";
import * as os from "node:os";
import * as path from "node:path";

// `make e2e` picks a free port and a fresh data directory; these defaults serve a manual run.
const port = process.env.E2E_PORT ?? "3300";
const dataDir = process.env.E2E_DATA_DIR ?? path.join(os.tmpdir(), `verigate-e2e-${port}`);
const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: "./tests",
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  reporter: [["list"]],
  use: {
    baseURL,
    trace: "retain-on-failure",
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
          args: [
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
          ],
        },
      },
    },
  ],
  webServer: {
    command: process.env.E2E_SERVER ?? "target/debug/verigate serve",
    cwd: "..",
    url: `${baseURL}/healthz`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: "ignore",
    stderr: "pipe",
    env: {
      VERIGATE_LISTEN_ADDR: `127.0.0.1:${port}`,
      VERIGATE_DATA_DIR: dataDir,
      VERIGATE_DATABASE_URL: `sqlite://${dataDir}/verigate.db`,
      LEPTOS_SITE_ROOT: "target/site",
      RUST_LOG: "warn",
    },
  },
});
