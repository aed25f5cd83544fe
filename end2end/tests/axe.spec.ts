import { expect, test, type Browser, type Page } from "@playwright/test";

import {
  BASE_URL,
  LOCALES,
  adminApi,
  ensureUser,
  expectNoViolations,
  open,
  signIn,
  signInAsAdmin,
} from "./helpers";

// axe-core on every page, in every language, signed out, as a user and as an administrator,
// with the menus and panels open: no violations of any rule axe checks by default. (The unbind
// panel's password prompt is checked in the main walk, locales.spec.ts, where it appears.)
test.setTimeout(180_000);

const VERIFIER = { uid: "v_axe", title: "Axe phone", provider: "sandbox", signIn: true };
const USER = "axel";

/** A page in a fresh browser context that reads in `locale` (the language cookie set). */
async function pageIn(browser: Browser, locale: string): Promise<Page> {
  const context = await browser.newContext();
  await context.addCookies([{ name: "verigate_locale", value: locale, url: BASE_URL }]);
  return context.newPage();
}

test.beforeAll(async () => {
  const admin = await adminApi();
  await admin.saveVerifier(VERIFIER);
  await admin.dispose();
});

for (const locale of LOCALES) {
  test(`signed-out pages have no axe violations (${locale})`, async ({ browser }) => {
    const page = await pageIn(browser, locale);
    for (const path of ["/sign-in", "/sign-in?method=sms", "/sign-up", "/setup", "/no-such-page"]) {
      await open(page, path);
      await expectNoViolations(page, `${path} (${locale})`);
    }
    await page.context().close();
  });

  test(`a user's pages have no axe violations (${locale})`, async ({ browser }) => {
    // A user per language: a code sent in one would leave the next one's bind form open.
    const user = `${USER}${locale}`;
    await ensureUser(user);
    const page = await pageIn(browser, locale);
    await signIn(page, user);
    await expect(page).toHaveURL(/\/me\/verification$/);
    await open(page, "/me/verification");
    await expectNoViolations(page, `/me/verification (${locale})`);
    // The bind form open.
    await page.getByTestId(`verifier-${VERIFIER.uid}`).getByTestId("bind").click();
    await expect(page.getByTestId("send-code")).toBeEnabled();
    await expectNoViolations(page, `/me/verification, binding (${locale})`);
    // A code sent (one number per language, clear of the resend interval) and a wrong one
    // typed: the countdown, and the error at the code field.
    const row = page.getByTestId(`verifier-${VERIFIER.uid}`);
    await row.locator("input[type=tel]").fill(`138 0013 80${LOCALES.indexOf(locale)}1`);
    await page.getByTestId("send-code").click();
    await expect(row.getByRole("status")).toBeVisible();
    const code = row.locator("input.code-input");
    await code.fill("000000");
    await code.press("Enter");
    await expect(code).toHaveAttribute("aria-invalid", "true");
    await expectNoViolations(page, `/me/verification, a wrong code (${locale})`);
    await page.context().close();
  });

  test(`the administrators' pages have no axe violations (${locale})`, async ({ browser }) => {
    const page = await pageIn(browser, locale);
    await signInAsAdmin(page);
    await open(page, "/admin/verification");
    await expectNoViolations(page, `/admin/verification (${locale})`);
    // The "Add new" menu open.
    await page.getByTestId("add-new").click();
    await expect(page.getByRole("menuitem")).toBeVisible();
    await expectNoViolations(page, `/admin/verification, "Add new" open (${locale})`);
    for (const path of [
      "/admin/verification/new",
      `/admin/verification/${VERIFIER.uid}`,
      `/admin/verification/${VERIFIER.uid}/delete`,
      "/admin/messages",
      "/admin/insights",
      "/admin/api-keys",
      "/admin/api",
      "/admin/audit",
    ]) {
      await open(page, path);
      await expectNoViolations(page, `${path} (${locale})`);
    }
    // A new API key's secret, shown once.
    await open(page, "/admin/api-keys");
    await page.locator("#field-name").fill(`Axe ${locale} ${Date.now()}`);
    await page.locator("form", { has: page.locator("#field-name") }).locator("button[type=submit]").click();
    await expect(page.getByTestId("new-api-key")).toBeVisible();
    await expectNoViolations(page, `/admin/api-keys, a new key's secret (${locale})`);
    await page.context().close();
  });
}
