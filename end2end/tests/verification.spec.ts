import { expect, test, type APIRequestContext, type Page } from "@playwright/test";

import { PASSWORD, open, signIn } from "./helpers";

// Runs after accounts.spec.ts, which created "admin" and "ada". The resend interval is the
// policy's minimum, 30 s, so this test waits for real countdowns.
test.describe.configure({ mode: "serial" });
test.setTimeout(240_000);

const NUMBER = "138 0013 8000";

/** An API client signed in as the administrator: creates the verifier and reads the sandbox inbox. */
async function adminApi(request: APIRequestContext, baseURL: string) {
  const post = (endpoint: string, form: Record<string, string>) =>
    request.post(`/api/${endpoint}`, { headers: { Origin: baseURL }, form, maxRedirects: 0 });
  expect((await post("sign_in", { username: "admin", password: PASSWORD })).status()).toBeLessThan(400);
  return {
    async createVerifier() {
      const response = await post("save_verifier", {
        mode: "create",
        uid: "v_phone",
        title: "Phone",
        description: "",
        provider: "sandbox",
        sign_in_enabled: "on",
        "settings[sandbox][fail]": "none",
        code_length: "6",
        code_lifetime_secs: "300",
        resend_interval_secs: "30",
        max_attempts: "5",
        sends_per_hour: "10",
        sends_per_day: "20",
        allowed_countries: "86, 31",
      });
      expect(response.status()).toBeLessThan(400);
    },
    /** The code in the newest message of the sandbox inbox. */
    async latestCode(): Promise<string> {
      const page = await (await post("list_messages", { page: "0" })).json();
      const match = /code is (\d{6})\./.exec(page.items[0].body ?? "");
      expect(match, "a code in the newest sandbox message").not.toBeNull();
      return match![1];
    },
  };
}

/** Clicks "Send code" and waits until the countdown shows that a code went out. */
async function sendCode(page: Page) {
  const button = page.getByTestId("send-code");
  await expect(button).toBeEnabled({ timeout: 45_000 });
  await button.click();
  await expect(button).toHaveText(/Resend in \d+ s/);
}

function secondsLeft(text: string | null): number {
  return Number(/Resend in (\d+) s/.exec(text ?? "")?.[1] ?? "0");
}

test("a user binds a number, signs in with an SMS code, and unbinds after verifying", async ({ page, browser, baseURL }) => {
  const adminContext = await browser.newContext({ baseURL });
  const admin = await adminApi(adminContext.request, baseURL!);
  await admin.createVerifier();

  // Bind: the countdown starts from the server's resend time and decreases.
  await signIn(page, "ada");
  await expect(page).toHaveURL(/\/me\/verification$/);
  const row = page.getByTestId("verifier-v_phone");
  await expect(row).toContainText("Not configured");
  await row.getByRole("button", { name: "Bind" }).click();
  await row.getByLabel("Country").selectOption("86");
  await row.getByLabel("Phone number").fill(NUMBER);
  await sendCode(page);
  const button = page.getByTestId("send-code");
  const first = secondsLeft(await button.textContent());
  expect(first).toBeGreaterThan(25);
  await expect.poll(async () => secondsLeft(await button.textContent()), { timeout: 5_000 }).toBeLessThan(first);
  await expect(row.getByRole("status")).toContainText("+86 138****8000");

  // A wrong code is explained.
  const code = await admin.latestCode();
  await row.getByLabel("Verification code").fill(code === "000000" ? "111111" : "000000");
  await row.getByRole("button", { name: "Bind", exact: true }).click();
  await expect(row.getByText("Wrong code. 4 attempts left.")).toBeVisible();

  // After a reload the bind picks up where it was, with the right time left.
  const beforeReload = secondsLeft(await button.textContent());
  await open(page, "/me/verification");
  const afterReload = secondsLeft(await page.getByTestId("send-code").textContent());
  expect(afterReload).toBeGreaterThan(0);
  expect(afterReload).toBeLessThanOrEqual(beforeReload);
  expect(beforeReload - afterReload).toBeLessThan(5);

  // When the countdown ends, a new code can be sent; the new one binds.
  await expect(page.getByTestId("send-code")).toHaveText("Send a new code", { timeout: 40_000 });
  await sendCode(page);
  await row.getByLabel("Verification code").fill((await admin.latestCode()).replace(/(\d{3})/, "$1 "));
  await row.getByRole("button", { name: "Bind", exact: true }).click();
  await expect(row).toContainText("Configured");
  await expect(row.getByTestId("bound-number")).toHaveText("+86 138****8000");

  // Sign out, then sign in with an SMS code.
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await open(page, "/sign-in?method=sms");
  await page.getByLabel("Country").selectOption("86");
  await page.getByLabel("Phone number").fill(NUMBER);
  await expect(page.getByTestId("send-code")).toBeVisible();
  await page.waitForTimeout(1000);
  await sendCodeWhenAllowed(page);
  await page.getByLabel("Verification code").fill(await admin.latestCode());
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/me\/verification$/);
  await expect(page.getByTestId("signed-in-user")).toHaveText("ada");

  // Unbind, after verifying through the bound number.
  const bound = page.getByTestId("verifier-v_phone");
  await bound.getByRole("button", { name: "Unbind" }).click();
  await sendCodeWhenAllowed(page);
  await expect(bound.getByRole("status")).toContainText("+86 138****8000");
  await bound.getByLabel("Verification code").fill(await admin.latestCode());
  await bound.getByRole("button", { name: "Unbind", exact: true }).click();
  await expect(bound).toContainText("Not configured");
  await adminContext.close();
});

/** Sends a code, waiting out a resend interval still running from an earlier send. */
async function sendCodeWhenAllowed(page: Page) {
  const button = page.getByTestId("send-code");
  await button.click();
  const refused = page.getByText(/Wait \d+ s before asking for another code/);
  // Either answer starts the countdown; only then is it known whether the send was refused
  // (`isVisible` does not wait, so asking earlier races the server's answer).
  await expect(button).toHaveText(/Resend in \d+ s/);
  if ((await refused.count()) > 0) {
    await expect(button).toBeEnabled({ timeout: 45_000 });
    await button.click();
    await expect(button).toHaveText(/Resend in \d+ s/);
  }
  await expect(refused).toHaveCount(0);
}
