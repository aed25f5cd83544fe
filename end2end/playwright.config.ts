import { defineConfig, devices } from "@playwright/test";

import { BASE_URL, DATA_DIR, EMULATOR, PORT, SETUP_TOKEN } from "./tests/helpers";

// `make e2e` picks two free ports (the server's, E2E_PORT, and its SMS gateway emulator's,
// E2E_EMULATOR_PORT) and a fresh data directory (E2E_DATA_DIR), all read in tests/helpers.ts;
// the defaults serve a manual run.
const baseURL = BASE_URL;

const chromium = {
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
};

export default defineConfig({
  testDir: "./tests",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 2,
  forbidOnly: !!process.env.CI,
  retries: 0,
  reporter: [["list"]],
  use: {
    baseURL,
    // Recording a trace of every test (DOM snapshots and a screencast at each step) cost the
    // suite 40 % more CPU: 428 CPU-s against 306 without, on two cores. A failure leaves its
    // error context and a screenshot; `npx playwright test --trace retain-on-failure` records
    // the traces.
    trace: "off",
    screenshot: "only-on-failure",
  },
  projects: [
    // The first administrator is made on the fresh installation by accounts.spec.ts, alone. Then
    // two browsers run the rest (each spec makes its own accounts and verifiers, and passes alone
    // too).
    { name: "fresh-installation", testMatch: /accounts\.spec\.ts/, use: chromium },
    {
      name: "chromium",
      testIgnore: /accounts\.spec\.ts/,
      dependencies: ["fresh-installation"],
      use: chromium,
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
      VERIGATE_LISTEN_ADDR: `127.0.0.1:${PORT}`,
      VERIGATE_DATA_DIR: DATA_DIR,
      VERIGATE_DATABASE_URL: `sqlite://${DATA_DIR}/verigate.db`,
      // Every spec signs its users up from 127.0.0.1.
      VERIGATE_SIGN_UPS_PER_CLIENT_HOUR: "100000",
      // E2E_SITE_ROOT: a copy of a debug build's site, safe from a release build writing target/site.
      LEPTOS_SITE_ROOT: process.env.E2E_SITE_ROOT ?? "target/site",
      // The SMS gateway emulator, with the credentials the specs sign with.
      // "true": the server's settings (figment) refuse "1" for a boolean.
      VERIGATE_EMULATOR: "1",
      // Verifiers point at the emulator on 127.0.0.1.
      VERIGATE_ALLOW_PRIVATE_ENDPOINTS: "1",
      VERIGATE_EMULATOR_ADDR: EMULATOR.address,
      VERIGATE_EMULATOR_ALIYUN_ACCESS_KEY_ID: EMULATOR.aliyun.keyId,
      VERIGATE_EMULATOR_ALIYUN_ACCESS_KEY_SECRET: EMULATOR.aliyun.secret,
      VERIGATE_EMULATOR_TENCENT_SECRET_ID: EMULATOR.tencent.keyId,
      VERIGATE_EMULATOR_TENCENT_SECRET_KEY: EMULATOR.tencent.secret,
      VERIGATE_EMULATOR_TWILIO_ACCOUNT_SID: EMULATOR.twilio.keyId,
      VERIGATE_EMULATOR_TWILIO_AUTH_TOKEN: EMULATOR.twilio.secret,
      VERIGATE_SETUP_TOKEN: SETUP_TOKEN,
      RUST_LOG: "warn",
    },
  },
});
