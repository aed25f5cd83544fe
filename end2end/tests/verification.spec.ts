import { expect, test, type Page } from "@playwright/test";

import {
  PASSWORD,
  adminApi,
  chooseSignInVerifier,
  ensureUser,
  open,
  sendCodeWhenAllowed,
  signIn,
} from "./helpers";

// The resend interval is the policy's minimum, 30 s, so this test waits for real countdowns.
test.setTimeout(240_000);

const NUMBER = "138 0013 8000";
const VERIFIER = { uid: "v_phone", title: "Phone", provider: "sandbox", signIn: true, allowedCountries: "86, 31" };

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

test("a user binds a number, signs in with an SMS code, and unbinds after verifying", async ({ page }) => {
  const admin = await adminApi();
  await admin.saveVerifier(VERIFIER);
  await ensureUser("ada");

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
  await expect(page.getByTestId("send-code")).toHaveText("Send a new code", { timeout: 40_000 });
  await sendCode(page);
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
  await page.getByLabel("Verification code").fill(await admin.latestCode(VERIFIER.title));
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/me\/verification$/);
  await expect(page.getByTestId("signed-in-user")).toHaveText("ada");

  // Unbind, after verifying through the bound number. A session begun with an SMS code has not
  // typed the password: unbinding asks for it first.
  const bound = page.getByTestId("verifier-v_phone");
  await bound.getByRole("button", { name: "Unbind" }).click();
  await expect(bound.getByTestId("send-code")).toBeEnabled({ timeout: 45_000 });
  await bound.getByTestId("send-code").click();
  const prompt = bound.getByTestId("password-prompt");
  await prompt.getByLabel("Your password").fill(PASSWORD);
  await prompt.getByRole("button", { name: "Confirm password" }).click();
  await expect(prompt).toContainText("Password confirmed. Please try again.");
  await sendCodeWhenAllowed(bound);
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
  await sendCodeWhenAllowed(row);
  await row.getByLabel("Verification code").fill(await admin.latestCode(signInVerifier.title));
  await row.getByRole("button", { name: "Bind", exact: true }).click();
  await expect(row.getByTestId("bound-number")).toHaveText("+86 139****8222");

  // Signed in again with only a code, binding a second number asks for the password first.
  await page.getByRole("button", { name: "Sign out" }).click();
  await open(page, "/sign-in?method=sms");
  await chooseSignInVerifier(page, signInVerifier.title);
  await page.getByLabel("Country").selectOption("86");
  await page.getByLabel("Phone number").fill(number);
  await sendCodeWhenAllowed(page);
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
  await sendCodeWhenAllowed(backup);
  await backup.getByLabel("Verification code").fill(await admin.latestCode(second.title));
  await backup.getByRole("button", { name: "Bind", exact: true }).click();
  await expect(backup.getByTestId("bound-number")).toHaveText("+86 139****8333");
  await admin.dispose();
});
