import AxeBuilder from "@axe-core/playwright";
import { expect, request, type APIRequestContext, type Locator, type Page } from "@playwright/test";
import { execFileSync } from "node:child_process";
import * as os from "node:os";
import * as path from "node:path";

export const PASSWORD = "correct horse battery";

/** The administrator every spec signs in as; the first one to need it creates it. */
export const ADMIN = "admin";
/** The setup token the server is started with (VERIGATE_SETUP_TOKEN in playwright.config.ts). */
export const SETUP_TOKEN = "e2e-setup-token";

/**
 * The server's port: `make e2e` picks a free one (E2E_PORT); 3300 serves a manual run.
 * playwright.config.ts starts the server there.
 */
export const PORT = process.env.E2E_PORT ?? "3300";

/** The server under test, for API calls made outside a test's own fixtures. */
export const BASE_URL = `http://127.0.0.1:${PORT}`;

/**
 * The server's data directory, with its SQLite database: `make e2e` makes a fresh one
 * (E2E_DATA_DIR); a manual run uses one per port.
 */
export const DATA_DIR = process.env.E2E_DATA_DIR ?? path.join(os.tmpdir(), `verigate-e2e-${PORT}`);

/** The languages the interface speaks: the folders of app/locales. */
export const LOCALES = ["en", "zh", "nl"] as const;

/** Opens a page and waits until the WebAssembly has hydrated it: clicks before that are lost. */
export async function open(page: Page, path: string) {
  await page.goto(path);
  await expectHydrated(page);
}

/** Runs axe-core on the page as it is now: no violations of any rule it checks by default. */
export async function expectNoViolations(page: Page, state: string) {
  const results = await new AxeBuilder({ page }).analyze();
  const found = results.violations.map(
    (violation) =>
      `${violation.id} (${violation.impact}): ${violation.help} — ` +
      violation.nodes.map((node) => node.target.join(" ")).join(", "),
  );
  expect(found, `axe violations on ${state}`).toEqual([]);
}

/**
 * Waits until the page is interactive. A new browser context compiles the debug build's
 * WebAssembly (about 13 MB) afresh: with two specs at a time on two cores that can take longer
 * than the usual 10 s.
 */
export async function expectHydrated(page: Page) {
  await expect(page.locator("#app-root")).toHaveAttribute("data-hydrated", "true", { timeout: 30_000 });
}

/** Console errors other than the browser's own note on an expected 4xx answer. */
export function collectConsoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error" && !message.text().startsWith("Failed to load resource")) {
      errors.push(message.text());
    }
  });
  page.on("pageerror", (error) => errors.push(error.message));
  return errors;
}

export async function fillAccountForm(page: Page, username: string, password = PASSWORD) {
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByLabel("Repeat the password").fill(password);
}

/** Signs in through the password form, whatever language the page is in. */
export async function signIn(page: Page, username: string, password = PASSWORD) {
  await open(page, "/sign-in");
  await page.locator("#field-username").fill(username);
  await page.locator("#field-password").fill(password);
  await page.locator('main form button[type="submit"]').click();
}

/**
 * The server's SMS gateway emulator: its address and the credentials it accepts. The Playwright
 * config passes these to the server (VERIGATE_EMULATOR_*), and the specs sign with them.
 * `make e2e` picks a free port; 3301 serves a manual run.
 */
export const EMULATOR = (() => {
  const port = process.env.E2E_EMULATOR_PORT ?? "3301";
  return {
    port,
    /** host:port, as the vendor SDKs take their endpoint. */
    address: `127.0.0.1:${port}`,
    aliyun: { keyId: "LTAIemulatorAccessKey", secret: "emulator-aliyun-access-key-secret" },
    tencent: { keyId: "AKIDemulatorSecretId", secret: "emulator-tencent-secret-key" },
    twilio: { keyId: "AC00000000000000000000000000000000", secret: "emulator-twilio-auth-token" },
  } as const;
})();

/** One message the emulator accepted, as `POST /api/emulator_inbox` returns it. */
export interface EmulatorMessage {
  provider: string;
  to: string;
  sender: string;
  template: string;
  text: string;
  request_id: string;
  received_at: number;
}

export interface EmulatorInbox {
  address: string;
  credentials: { provider: string; key_id: string; secret: string }[];
  /** Newest first. */
  messages: EmulatorMessage[];
}

/**
 * Signs `request` in as the administrator (it keeps the session cookie; the administrator is
 * created first on a fresh installation) and returns a reader of the emulator's inbox, an
 * admin-only server function.
 */
export async function emulatorInbox(request: APIRequestContext) {
  await signInAdmin(request);
  return async (): Promise<EmulatorInbox> => {
    const response = await post(request, "emulator_inbox");
    expect(response.status(), `emulator_inbox: ${await response.text()}`).toBe(200);
    const inbox = (await response.json()) as EmulatorInbox | null;
    expect(inbox, "the emulator is on (VERIGATE_EMULATOR=1)").not.toBeNull();
    return inbox!;
  };
}

/**
 * The messages the emulator accepted for a +86 number, newest first. Clients write numbers their
 * own way (`+8613900001111`, `8613900001111`, `13900001111`), so the national digits are compared.
 */
export function messagesTo(inbox: EmulatorInbox, number: string): EmulatorMessage[] {
  const national = (text: string) => text.replace(/\D/g, "").replace(/^86/, "");
  return inbox.messages.filter((message) => national(message.to) === national(number));
}

/** The newest message the emulator accepted for a +86 number, if any. */
export function newestTo(inbox: EmulatorInbox, number: string): EmulatorMessage | undefined {
  return messagesTo(inbox, number)[0];
}

/** The verification code in an emulated SMS: the digits of Aliyun's `{"code":"123456"}` or Tencent's `123456`. */
export function codeIn(message: EmulatorMessage): string {
  const match = /\d{4,10}/.exec(message.text);
  expect(match, `a code in ${JSON.stringify(message.text)}`).not.toBeNull();
  return match![0];
}

// ---------------------------------------------------------------------------------------------
// Setting up what a test needs. Every spec makes its own accounts and verifiers through these, so
// each passes alone (one file, or one test with -g) as well as after the others. They are
// idempotent: what already exists is kept.

/** Calls a server function the way a form without JavaScript would. */
export function post(api: APIRequestContext, endpoint: string, form: Record<string, string> = {}) {
  return api.post(`${BASE_URL}/api/${endpoint}`, { headers: { Origin: BASE_URL }, form, maxRedirects: 0 });
}

/**
 * Creates the first administrator on a fresh installation; afterwards only signs in as them.
 * Specs run side by side: when another one created the administrator first (409), this signs in.
 */
async function signInAdmin(api: APIRequestContext) {
  const status = await post(api, "setup_status");
  expect(status.status(), `setup_status: ${await status.text()}`).toBe(200);
  let response = (await status.json())
    ? await post(api, "create_first_admin", {
        username: ADMIN,
        password: PASSWORD,
        password_confirmation: PASSWORD,
        setup_token: SETUP_TOKEN,
      })
    : undefined;
  if (response === undefined || response.status() === 409) {
    response = await post(api, "sign_in", { username: ADMIN, password: PASSWORD });
  }
  expect(response.status(), `the administrator signs in: ${await response.text()}`).toBeLessThan(400);
}

/** Makes sure the administrator exists, then signs `page` in as them through the sign-in form. */
export async function signInAsAdmin(page: Page) {
  const api = await request.newContext();
  await signInAdmin(api);
  await api.dispose();
  await signIn(page, ADMIN);
  await expect(page.getByTestId("signed-in-user")).toHaveText(ADMIN);
}

/** Makes sure an ordinary account exists (with {@link PASSWORD}). */
export async function ensureUser(username: string) {
  const api = await request.newContext();
  const response = await post(api, "sign_up", { username, password: PASSWORD, password_confirmation: PASSWORD });
  // 409: the name is taken, by this same account made earlier.
  expect([302, 303, 200, 409], `sign_up ${username}: ${await response.text()}`).toContain(response.status());
  await api.dispose();
}

/** A verifier a test makes through the API. */
export interface VerifierSetup {
  uid: string;
  title: string;
  /** "sandbox", "aliyun", "tencent", … */
  provider: string;
  /** The provider's settings by key; the sandbox's default to "never fail". */
  settings?: Record<string, string>;
  /** Calling codes, like "86, 31"; empty (the default) allows every country. */
  allowedCountries?: string;
  codeLength?: number;
  /** Allows signing in with a code sent through it. */
  signIn?: boolean;
}

/**
 * An API client signed in as the administrator (created first on a fresh installation): makes
 * verifiers, sends test messages and reads the codes the sandbox provider "sent". Dispose of it
 * at the end.
 */
export async function adminApi() {
  const api = await request.newContext();
  await signInAdmin(api);
  return {
    /** Creates the verifier, or saves these settings over it when it exists. */
    async saveVerifier(verifier: VerifierSetup) {
      const settings = verifier.settings ?? (verifier.provider === "sandbox" ? { fail: "none" } : {});
      const form: Record<string, string> = {
        uid: verifier.uid,
        title: verifier.title,
        description: "",
        provider: verifier.provider,
        code_length: String(verifier.codeLength ?? 6),
        code_lifetime_secs: "300",
        // The policy's minimum.
        resend_interval_secs: "30",
        max_attempts: "5",
        sends_per_hour: "10",
        sends_per_day: "20",
        allowed_countries: verifier.allowedCountries ?? "",
        ...(verifier.signIn ? { sign_in_enabled: "on" } : {}),
      };
      for (const [key, value] of Object.entries(settings)) {
        form[`settings[${verifier.provider}][${key}]`] = value;
      }
      let response = await post(api, "save_verifier", { mode: "create", ...form });
      if (response.status() === 409) {
        response = await post(api, "save_verifier", { mode: "edit", ...form });
      }
      expect(response.status(), `save_verifier ${verifier.uid}: ${await response.text()}`).toBeLessThan(400);
    },
    /** Makes an API key for every verifier: its SID, and its secret for `Authorization: Bearer`. */
    async createApiKey(name: string): Promise<{ sid: string; secret: string }> {
      const response = await post(api, "create_api_key", { name, scope: "all" });
      expect(response.status(), `create_api_key ${name}: ${await response.text()}`).toBe(200);
      return (await response.json()) as { sid: string; secret: string };
    },
    /** Revokes the API key `sid`. */
    async revokeApiKey(sid: string) {
      const response = await post(api, "revoke_api_key", { sid });
      expect(response.status(), `revoke_api_key: ${await response.text()}`).toBeLessThan(400);
    },
    /** The admin form's "Send test SMS". */
    async sendTestSms(uid: string, phone: string) {
      const response = await post(api, "send_test_sms", { uid, phone });
      expect(response.status(), `send_test_sms ${uid}: ${await response.text()}`).toBe(200);
      expect(await response.json()).toMatchObject({ sent: true });
    },
    /** The code in the newest sandbox message of the verifier titled `title`, of `scene` if
     * given. Sign-in codes go out after the answer, so a sign-in's code is waited for by its
     * scene: the newest message may still be the code that bound the number. */
    async latestCode(title: string, scene?: "sign-in"): Promise<string> {
      let code: string | undefined;
      await expect
        .poll(
          async () => {
            const page = await (await post(api, "list_messages", { page: "0" })).json();
            type Entry = { verifier_title: string; scene: string; body: string | null };
            const message = (page.items as Entry[]).find(
              (item) => item.verifier_title === title && (scene === undefined || item.scene === scene),
            );
            // In any language: the first run of 4 or more digits once the title is taken out.
            code = /\d{4,}/.exec((message?.body ?? "").replace(title, ""))?.[0];
            return code;
          },
          { message: `a code in the newest sandbox message of "${title}"` },
        )
        .toBeDefined();
      return code!;
    },
    dispose: () => api.dispose(),
  };
}

/**
 * Waits until the SMS sign-in form has loaded (it can send once it lists every verifier one may
 * sign in with), then picks the verifier titled `title` when other specs' verifiers make a
 * choice. `verifyWith` is the choice's label in the page's language.
 */
export async function chooseSignInVerifier(page: Page, title: string, verifyWith = "Verify with") {
  const send = page.getByTestId("send-code");
  await expect(send).toBeEnabled();
  const choice = page.getByLabel(verifyWith);
  if ((await choice.count()) > 0) {
    await choice.selectOption({ label: title });
    await expect(send).toBeEnabled();
  }
}

/** Clicks "Send code" in `scope` and waits until the code went out and the countdown runs. */
export async function sendCode(scope: Page | Locator) {
  const button = scope.getByTestId("send-code");
  await button.click();
  await expect(scope.getByRole("status")).toBeVisible();
  await expect(button).toHaveText(/Resend in \d+ s/);
}

/**
 * Lets the next code to `number` (E.164) go out at once, as if the resend interval of the codes
 * sent to it had run out. The server's clock is the real one here, so rather than wait 30 s the
 * test moves the number's send gates (one per lane) back in the server's database: the server
 * then answers exactly as it would 30 s later. Fails if no code was sent to the number.
 */
export function passResendInterval(number: string) {
  const moved = execFileSync(
    "python3",
    [
      "-c",
      `import sqlite3, sys
db = sqlite3.connect(sys.argv[1], timeout=10)
with db:
    print(db.execute("update send_gate set next_send_at = 0 where receiver = ?", (sys.argv[2],)).rowcount)`,
      path.join(DATA_DIR, "verigate.db"),
      number,
    ],
    { encoding: "utf8" },
  );
  expect(Number(moved), `send gates of ${number}`).toBeGreaterThan(0);
}
