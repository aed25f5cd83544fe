import { expect, test } from "@playwright/test";

import { adminApi, collectConsoleErrors, expectHydrated, open, signInAsAdmin } from "./helpers";

// The administrator's audit log: a key made and revoked shows up, newest first, and the filter by
// action lives in the URL. The server under test runs the SMS gateway emulator, so every console
// page carries its warning. The key is new on every run, so the spec passes again on one server.

const WARNING =
  "The SMS gateway emulator is running: codes sent through it never reach a phone. Do not use it in production.";

test("an administrator reads who made and revoked an API key in the audit log, filtered by action", async ({
  page,
}) => {
  const admin = await adminApi();
  const { sid } = await admin.createApiKey(`Audited ${Date.now()}`);
  await admin.revokeApiKey(sid);
  await admin.dispose();
  const errors = collectConsoleErrors(page);
  await signInAsAdmin(page);

  // Audit log is in the administrators' navigation, under the emulator's warning.
  await open(page, "/admin/verification");
  await expect(page.getByRole("alert").filter({ hasText: WARNING })).toBeVisible();
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Audit log" }).click();
  await expect(page.getByRole("heading", { name: "Audit log", level: 1 })).toBeVisible();
  await expect(page.getByRole("alert").filter({ hasText: WARNING })).toBeVisible();

  // Newest first: the revocation above the creation, both by the administrator.
  const rows = page.getByRole("row", { name: new RegExp(sid) });
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText("API key revoked");
  await expect(rows.nth(1)).toContainText("API key created");
  await expect(rows.nth(0)).toContainText("admin");

  // The filter is a plain GET form: the action goes into the URL and only its events stay.
  await page.getByLabel("Action").selectOption("api_key_revoked");
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page).toHaveURL(/\/admin\/audit\?action=api_key_revoked/);
  await expectHydrated(page);
  await expect(page.getByLabel("Action")).toHaveValue("api_key_revoked");
  await expect(page.getByRole("row", { name: new RegExp(sid) })).toHaveCount(1);
  await expect(page.getByRole("row", { name: /API key created/ })).toHaveCount(0);
  expect(errors).toEqual([]);
});
