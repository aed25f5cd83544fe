import { expect, test, type Locator, type Page } from "@playwright/test";

import {
  PASSWORD,
  adminApi,
  chooseSignInVerifier,
  ensureUser,
  open,
  passResendInterval,
  sendCode,
  signIn,
} from "./helpers";

const NUMBER = "138 0013 8000";
const E164 = "+8613800138000";
const VERIFIER = { uid: "v_phone", title: "Phone", provider: "sandbox", signIn: true, allowedCountries: "86, 31" };

function secondsLeft(text: string | null): number {
  return Number(/Resend in (\d+) s/.exec(text ?? "")?.[1] ?? "0");
}

/**
 * Lets the countdown on `button` run out and sends a code with it, without waiting 30 s: the
 * server's side of the interval is passed in its database, the browser's by moving its clock on
 * (installed at the start of the test). Once the code is out, the browser's clock is set back
 * to the server's, and the button counts down the new code's interval.
 */
async function sendAfterCountdown(page: Page, button: Locator, label: string, endpoint: string) {
  passResendInterval(E164);
  await page.clock.fastForward("00:31");
  await expect(button).toHaveText(label);
  const sent = page.waitForResponse((response) => response.url().endsWith(`/api/${endpoint}`));
  await button.click();
  expect((await sent).status()).toBe(200);
  await page.clock.setSystemTime(Date.now());
  await expect(button).toHaveText(/Resend in \d+ s/);
  expect(secondsLeft(await button.textContent())).toBeGreaterThan(20);
}

test("a user binds a number, signs in with an SMS code, and unbinds after verifying", async ({ page }) => {
  const admin = await adminApi();
  await admin.saveVerifier(VERIFIER);
  await ensureUser("ada");
  // The browser's clock runs as usual until the test moves it on past a countdown.
  await page.clock.install();

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
  const code = await admin.latestCode(VERIFIER.title);
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
  await sendAfterCountdown(page, page.getByTestId("send-code"), "Send a new code", "send_bind_code");
  await row.getByLabel("Verification code").fill((await admin.latestCode(VERIFIER.title)).replace(/(\d{3})/, "$1 "));
  await row.getByRole("button", { name: "Bind", exact: true }).click();
  await expect(row).toContainText("Configured");
  await expect(row.getByTestId("bound-number")).toHaveText("+86 138****8000");

  // Sign out, then sign in with an SMS code.
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await open(page, "/sign-in?method=sms");
  await chooseSignInVerifier(page, VERIFIER.title);
  await page.getByLabel("Country").selectOption("86");
  await page.getByLabel("Phone number").fill(NUMBER);
  // Moments after the bind's code, the sign-in code goes out at once: anonymous and signed-in
  // sends are gated apart.
  await sendCode(page);
  await page.getByLabel("Verification code").fill(await admin.latestCode(VERIFIER.title, "sign-in"));
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/me\/verification$/);
  await expect(page.getByTestId("signed-in-user")).toHaveText("ada");

  // Unbind, after verifying through the bound number. A session begun with an SMS code has not
  // typed the password: unbinding asks for it first.
  const bound = page.getByTestId("verifier-v_phone");
  await bound.getByRole("button", { name: "Unbind" }).click();
  const unbindSend = bound.getByTestId("send-code");
  await unbindSend.click();
  const prompt = bound.getByTestId("password-prompt");
  await prompt.getByLabel("Your password").fill(PASSWORD);
  await prompt.getByRole("button", { name: "Confirm password" }).click();
  await expect(prompt).toContainText("Password confirmed. Please try again.");
  // The bind's new code went to this number moments ago: the send is refused, and the form says
  // so and counts down the wait before it may send.
  await unbindSend.click();
  await expect(
    bound.getByText(/A code was sent to this number moments ago; you can ask for a new one in \d+ s\./),
  ).toBeVisible();
  await expect(unbindSend).toHaveText(/Send code in \d+ s/);
  await expect(unbindSend).toBeDisabled();
  await sendAfterCountdown(page, unbindSend, "Send code", "send_unbind_code");
  await expect(bound.getByRole("status")).toContainText("+86 138****8000");
  await bound.getByLabel("Verification code").fill(await admin.latestCode(VERIFIER.title));
  await bound.getByRole("button", { name: "Unbind", exact: true }).click();
  await expect(bound).toContainText("Not configured");
  await admin.dispose();
});

test("a session begun with an SMS code confirms the password before binding another number", async ({ page }) => {
  const admin = await adminApi();
  const signInVerifier = { uid: "v_reauth", title: "Re-auth phone", provider: "sandbox", signIn: true, allowedCountries: "86" };
  const second = { uid: "v_reauth_backup", title: "Re-auth backup", provider: "sandbox", signIn: false, allowedCountries: "86" };
  await admin.saveVerifier(signInVerifier);
  await admin.saveVerifier(second);
  await ensureUser("grace");
  const number = "139 0013 8222";

  // Grace binds a number after signing in with her password: no prompt.
  await signIn(page, "grace");
  const row = page.getByTestId("verifier-v_reauth");
  await row.getByRole("button", { name: "Bind" }).click();
  await row.getByLabel("Country").selectOption("86");
  await row.getByLabel("Phone number").fill(number);
  await sendCode(row);
  await row.getByLabel("Verification code").fill(await admin.latestCode(signInVerifier.title));
  await row.getByRole("button", { name: "Bind", exact: true }).click();
  await expect(row.getByTestId("bound-number")).toHaveText("+86 139****8222");

  // Signed in again with only a code, binding a second number asks for the password first.
  await page.getByRole("button", { name: "Sign out" }).click();
  await open(page, "/sign-in?method=sms");
  await chooseSignInVerifier(page, signInVerifier.title);
  await page.getByLabel("Country").selectOption("86");
  await page.getByLabel("Phone number").fill(number);
  await sendCode(page);
  await page.getByLabel("Verification code").fill(await admin.latestCode(signInVerifier.title));
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByTestId("signed-in-user")).toHaveText("grace");

  const backup = page.getByTestId("verifier-v_reauth_backup");
  await backup.getByRole("button", { name: "Bind" }).click();
  await backup.getByLabel("Country").selectOption("86");
  await backup.getByLabel("Phone number").fill("139 0013 8333");
  await backup.getByTestId("send-code").click();
  const prompt = backup.getByTestId("password-prompt");
  await expect(prompt).toBeVisible();
  await prompt.getByLabel("Your password").fill(PASSWORD);
  await prompt.getByRole("button", { name: "Confirm password" }).click();
  await expect(prompt).toContainText("Password confirmed. Please try again.");
  await sendCode(backup);
  await backup.getByLabel("Verification code").fill(await admin.latestCode(second.title));
  await backup.getByRole("button", { name: "Bind", exact: true }).click();
  await expect(backup.getByTestId("bound-number")).toHaveText("+86 139****8333");
  await admin.dispose();
});
