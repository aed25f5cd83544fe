import { expect, type APIRequestContext, type Page } from "@playwright/test";

export const PASSWORD = "correct horse battery";

/** Opens a page and waits until the WebAssembly has hydrated it: clicks before that are lost. */
export async function open(page: Page, path: string) {
  await page.goto(path);
  await expect(page.locator("#app-root")).toHaveAttribute("data-hydrated", "true");
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

export async function signIn(page: Page, username: string, password = PASSWORD) {
  await open(page, "/sign-in");
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
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
 * Signs `request` in as the administrator (it keeps the session cookie) and returns a reader of
 * the emulator's inbox, an admin-only server function.
 */
export async function emulatorInbox(request: APIRequestContext, baseURL: string) {
  const post = (endpoint: string, form?: Record<string, string>) =>
    request.post(`/api/${endpoint}`, { headers: { Origin: baseURL }, form: form ?? {}, maxRedirects: 0 });
  const signedIn = await post("sign_in", { username: "admin", password: PASSWORD });
  expect(signedIn.status(), "the administrator signs in").toBeLessThan(400);
  return async (): Promise<EmulatorInbox> => {
    const response = await post("emulator_inbox");
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
