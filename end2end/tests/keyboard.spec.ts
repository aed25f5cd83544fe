import { expect, test, type Locator, type Page } from "@playwright/test";

import { PASSWORD, adminApi, expectHydrated, open, passResendInterval } from "./helpers";

// The whole walk with the keyboard alone: sign up, bind a number, sign out, sign in with an SMS
// code, unbind. Every step reaches its control with Tab, like a person without a mouse.
test.setTimeout(120_000);

const VERIFIER = { uid: "v_keys", title: "Keyboard phone", provider: "sandbox", signIn: true, allowedCountries: "31" };
const NUMBER = "6 2345 6789";
const E164 = "+31623456789";
const MASKED = "+31 623**6789";

/** Presses Tab until `target` has the focus (at most `limit` times). */
async function tabTo(page: Page, target: Locator, limit = 60) {
  for (let presses = 0; presses < limit; presses++) {
    if (await target.evaluate((element) => element === document.activeElement)) {
      return;
    }
    await page.keyboard.press("Tab");
  }
  await expect(target, "reached with Tab").toBeFocused();
}

/** Presses ArrowDown in the focused `select` until it shows `value`. */
async function arrowTo(page: Page, select: Locator, value: string) {
  for (let presses = 0; presses < 30 && (await select.inputValue()) !== value; presses++) {
    await page.keyboard.press("ArrowDown");
  }
  await expect(select).toHaveValue(value);
}

/** Tabs to "Send code", presses Enter and waits until the code went out. */
async function sendCode(page: Page, scope: Page | Locator) {
  const button = scope.getByTestId("send-code");
  // Tab passes over a disabled button.
  await expect(button).toBeEnabled();
  await tabTo(page, button);
  await page.keyboard.press("Enter");
  await expect(scope.getByRole("status")).toBeVisible();
  await expect(button).toHaveText(/Resend in \d+ s/);
}

test("sign up, bind, sign out, sign in with an SMS code and unbind, keyboard only", async ({ page }) => {
  const admin = await adminApi();
  await admin.saveVerifier(VERIFIER);
  const username = `kim${Date.now() % 1_000_000}`;

  // Sign up.
  await open(page, "/sign-up");
  await tabTo(page, page.locator("#field-username"));
  await page.keyboard.type(username);
  await page.keyboard.press("Tab");
  await page.keyboard.type(PASSWORD);
  await page.keyboard.press("Tab");
  await page.keyboard.type(PASSWORD);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/me\/verification$/);

  // Bind: the code field takes the focus once the code is sent.
  const row = page.getByTestId(`verifier-${VERIFIER.uid}`);
  await tabTo(page, row.getByRole("button", { name: "Bind" }));
  await page.keyboard.press("Enter");
  await tabTo(page, row.getByLabel("Phone number"));
  await page.keyboard.type(NUMBER);
  await sendCode(page, row);
  const bindCode = row.getByLabel("Verification code");
  await expect(bindCode).toBeFocused();
  await expect(row.getByRole("status")).toContainText(MASKED);
  // A wrong code is told at the field, which names its error for a screen reader.
  const code = await admin.latestCode(VERIFIER.title);
  await page.keyboard.type(code.replace(/\d/g, (digit) => String((Number(digit) + 1) % 10)));
  await page.keyboard.press("Enter");
  await expect(bindCode).toHaveAttribute("aria-invalid", "true");
  await expect(bindCode).toHaveAccessibleDescription(/Wrong code\. \d attempts left\./);
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.type(code);
  await page.keyboard.press("Enter");
  await expect(row.getByTestId("bound-number")).toHaveText(MASKED);

  // Sign out.
  await tabTo(page, page.getByRole("button", { name: "Sign out" }));
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/sign-in$/);

  // Sign in with an SMS code, through the "SMS code" tab.
  await tabTo(page, page.getByRole("tab", { name: "SMS code" }));
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/method=sms/);
  await expectHydrated(page);
  // The form has loaded (and lists every verifier one may sign in with) once it can send.
  await expect(page.getByTestId("send-code")).toBeEnabled();
  const choice = page.getByLabel("Verify with");
  if ((await choice.count()) > 0) {
    await tabTo(page, choice);
    await arrowTo(page, choice, VERIFIER.uid);
  }
  await tabTo(page, page.getByLabel("Phone number"));
  await page.keyboard.type(NUMBER);
  await sendCode(page, page);
  await expect(page.getByLabel("Verification code")).toBeFocused();
  await page.keyboard.type(await admin.latestCode(VERIFIER.title, "sign-in"));
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/me\/verification$/);
  await expect(page.getByTestId("signed-in-user")).toHaveText(username);

  // Unbind: a session begun with a code confirms the password first.
  const bound = page.getByTestId(`verifier-${VERIFIER.uid}`);
  passResendInterval(E164);
  await tabTo(page, bound.getByRole("button", { name: "Unbind" }));
  await page.keyboard.press("Enter");
  await expect(bound.getByTestId("send-code")).toBeEnabled();
  await tabTo(page, bound.getByTestId("send-code"));
  await page.keyboard.press("Enter");
  const prompt = bound.getByTestId("password-prompt");
  await tabTo(page, prompt.getByLabel("Your password"));
  await page.keyboard.type(PASSWORD);
  await page.keyboard.press("Enter");
  await expect(prompt).toContainText("Password confirmed. Please try again.");
  await sendCode(page, bound);
  await expect(bound.getByLabel("Verification code")).toBeFocused();
  await page.keyboard.type(await admin.latestCode(VERIFIER.title));
  await page.keyboard.press("Enter");
  await expect(bound).toContainText("Not configured");
  await admin.dispose();
});
