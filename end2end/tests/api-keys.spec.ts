import { expect, test } from "@playwright/test";

import { adminApi, collectConsoleErrors, expectHydrated, open, signInAsAdmin } from "./helpers";

// An administrator makes an API key in the console, an application uses it against /api/v1,
// and revoking it shuts the application out. The spec makes its own sandbox verifier; the key's
// name and the number are new on every run, so it passes again against the same server.

const VERIFIER = { uid: "v_api_keys", title: "API keys test", provider: "sandbox" } as const;

/** A +86 mobile number no other run has used, clear of the per-number send caps. */
function freshNumber(): string {
  return `+86139${String(Date.now() % 100_000_000).padStart(8, "0")}`;
}

test("an administrator creates an API key, sees its secret once, an application uses it, and revoking it refuses the next call", async ({
  page,
  context,
  request,
  baseURL,
}) => {
  const admin = await adminApi();
  await admin.saveVerifier(VERIFIER);
  await admin.dispose();
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseURL });
  // Among them a hydration mismatch, had the API page rendered its origin differently.
  const errors = collectConsoleErrors(page);
  await signInAsAdmin(page);

  // The verifier table shows the verifier's Service SID, and so does its edit form, read-only.
  await open(page, "/admin/verification");
  const verifierRow = page.getByRole("row", { name: new RegExp(VERIFIER.uid) });
  const serviceSid = (await verifierRow.locator("code").filter({ hasText: /^VA[0-9a-f]{32}$/ }).textContent())!;
  expect(serviceSid).toMatch(/^VA[0-9a-f]{32}$/);
  await verifierRow.getByRole("link", { name: "Edit" }).click();
  await expect(page.getByRole("textbox", { name: "Service SID" })).toHaveValue(serviceSid);
  await expect(page.getByRole("textbox", { name: "Service SID" })).toHaveJSProperty("readOnly", true);

  // API keys is in the administrators' navigation; the Account SID is there to copy.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "API keys" }).click();
  await expect(page.getByRole("heading", { name: "API keys", level: 1 })).toBeVisible();
  await expect(page.getByTestId("account-sid")).toHaveText(/^AC[0-9a-f]{32}$/);

  // Choosing "only some" verifiers but none is refused beside the verifier choices.
  const name = `Checkout ${Date.now()}`;
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Only the ones chosen here").check();
  await page.getByRole("button", { name: "Create API key" }).click();
  await expect(page.locator("#field-verifiers-error")).toHaveText("Choose at least one verifier, or all.");
  await expect(page.getByTestId("new-api-key")).toHaveCount(0);

  // Limited to the test's verifier: the SID and the secret are shown, with a warning.
  await page.getByLabel(new RegExp(`${VERIFIER.title} ${VERIFIER.uid}`)).check();
  await page.getByRole("button", { name: "Create API key" }).click();
  const created = page.getByTestId("new-api-key");
  await expect(created).toContainText(`Key “${name}” created.`);
  await expect(created).toContainText("It will not be shown again");
  const sid = (await page.getByTestId("new-api-key-sid").textContent())!;
  const secret = (await page.getByTestId("new-api-key-secret").textContent())!;
  expect(sid).toMatch(/^SK[0-9a-f]{32}$/);
  expect(secret.length).toBeGreaterThanOrEqual(32);

  // "Copy secret" copies it and says so politely.
  await created.getByRole("button", { name: "Copy secret" }).click();
  await expect(created.getByRole("status").filter({ hasText: "Copied" })).toHaveAttribute("aria-live", "polite");
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);

  // The list shows the new key: its SID, its one verifier, never used, active.
  const keyRow = page.getByRole("row", { name: new RegExp(name) });
  await expect(keyRow).toContainText(sid);
  await expect(keyRow).toContainText(`${VERIFIER.title} (${VERIFIER.uid})`);
  await expect(keyRow).toContainText("never");
  await expect(keyRow).toContainText("Active");

  // After a reload the secret is nowhere on the page.
  await page.reload();
  await expectHydrated(page);
  await expect(page.getByRole("row", { name: new RegExp(name) })).toContainText(sid);
  await expect(page.getByTestId("new-api-key")).toHaveCount(0);
  expect(await page.content()).not.toContain(secret);

  // An application starts a verification with it.
  const start = () =>
    request.post("/api/v1/verifications", {
      headers: { Authorization: `Bearer ${secret}` },
      data: { verifier: serviceSid, to: freshNumber() },
    });
  const started = await start();
  expect(started.status(), await started.text()).toBe(201);
  expect(await started.json()).toMatchObject({ service_sid: serviceSid, status: "pending" });

  // The API page shows the calls for the chosen verifier, by its Service SID.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "API", exact: true }).click();
  await expect(page.getByRole("heading", { name: "API", exact: true, level: 1 })).toBeVisible();
  await open(page, "/admin/api");
  await page.getByLabel("Verifier", { exact: true }).selectOption(VERIFIER.uid);
  await expect(page.getByTestId("service-sid")).toHaveText(serviceSid);
  const startCall = page.getByTestId("snippet-start");
  await expect(startCall).toContainText(`curl -X POST '${baseURL}/api/v1/verifications'`);
  await expect(startCall).toContainText(`"verifier": "${serviceSid}"`);
  await expect(startCall).toContainText("Authorization: Bearer $VERIGATE_API_SECRET");
  await expect(page.getByTestId("snippet-twilio-node")).toContainText(`services("${serviceSid}")`);
  await expect(page.getByRole("link", { name: "/api/v1/openapi.json" })).toHaveAttribute(
    "href",
    "/api/v1/openapi.json",
  );

  // Revoking asks first; cancelling keeps the key.
  await open(page, "/admin/api-keys");
  const row = page.getByRole("row", { name: new RegExp(sid) });
  await expect(row).not.toContainText("never");
  const confirm = page.getByRole("group", { name: `Confirm revoking ${name}` });
  await row.getByRole("button", { name: `Revoke ${name}` }).click();
  await expect(confirm).toContainText(`Revoke “${name}”?`);
  await expect(confirm.getByRole("button", { name: "Yes, revoke" })).toBeFocused();
  await confirm.getByRole("button", { name: "Cancel" }).click();
  await expect(confirm).toHaveCount(0);
  await expect(row.getByRole("button", { name: `Revoke ${name}` })).toBeFocused();
  expect((await start()).status()).toBe(201);

  await row.getByRole("button", { name: `Revoke ${name}` }).click();
  await confirm.getByRole("button", { name: "Yes, revoke" }).click();
  await expect(row).toContainText("Revoked");
  await expect(row.getByRole("button")).toHaveCount(0);
  await expect(confirm).toHaveCount(0);

  // The next call with it is refused.
  const refused = await start();
  expect(refused.status(), await refused.text()).toBe(401);
  expect(errors).toEqual([]);
});
