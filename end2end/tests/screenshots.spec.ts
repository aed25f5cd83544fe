import { expect, test, type Page } from "@playwright/test";

import { adminApi, ensureUser, open, signIn, signInAsAdmin } from "./helpers";

// The main pages' layout at a desktop width and a phone's, in English: a change that moves,
// wraps or cuts off what these show fails here. Each picture is of a part the test controls
// (other specs add verifiers and messages to the same database), with the values that change
// from run to run masked.
const WIDTHS = { desktop: 1280, phone: 390 } as const;
const VERIFIER = { uid: "v_shots", title: "Screenshot phone", provider: "sandbox", signIn: true, allowedCountries: "86, 31" };
const USER = "shot";

test.beforeAll(async () => {
  const admin = await adminApi();
  await admin.saveVerifier(VERIFIER);
  await admin.dispose();
  await ensureUser(USER);
});

async function resize(page: Page, width: number) {
  await page.setViewportSize({ width, height: 900 });
}

for (const [name, width] of Object.entries(WIDTHS)) {
  test(`signed-out pages at ${name} width`, async ({ page }) => {
    await resize(page, width);
    await open(page, "/sign-in");
    await expect(page.locator(".site-header")).toHaveScreenshot(`header-signed-out-${name}.png`);
    await expect(page.locator("main")).toHaveScreenshot(`sign-in-${name}.png`);
  });

  test(`a user's verification page at ${name} width`, async ({ page }) => {
    await resize(page, width);
    await signIn(page, USER);
    await expect(page).toHaveURL(/\/me\/verification$/);
    // Only this spec's verifier, so its row sits where it sits when the spec runs alone.
    await page.addStyleTag({
      content: `[data-testid^="verifier-"]:not([data-testid="verifier-${VERIFIER.uid}"]) { display: none; }`,
    });
    const row = page.getByTestId(`verifier-${VERIFIER.uid}`);
    await expect(row).toHaveScreenshot(`verification-row-${name}.png`);
    await row.getByTestId("bind").click();
    await expect(row.getByTestId("send-code")).toBeEnabled();
    await expect(row).toHaveScreenshot(`verification-binding-${name}.png`);
  });

  test(`the administrators' pages at ${name} width`, async ({ page }) => {
    await resize(page, width);
    await signInAsAdmin(page);
    await open(page, "/admin/verification");
    await expect(page.locator(".site-header")).toHaveScreenshot(`header-admin-${name}.png`, {
      mask: [page.getByTestId("signed-in-user")],
    });
    await open(page, `/admin/verification/${VERIFIER.uid}`);
    await expect(page.locator("main")).toHaveScreenshot(`verifier-form-${name}.png`, {
      mask: [page.locator("#field-service-sid")],
    });
  });
}
