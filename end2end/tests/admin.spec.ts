import { expect, test } from "@playwright/test";

import { open, signInAsAdmin } from "./helpers";

// Other specs add verifiers of their own meanwhile: this one looks only at its own.
test("the admin adds a sandbox verifier, edits it, sends a test SMS, reads it, and deletes it", async ({ page }) => {
  await signInAsAdmin(page);

  // Add new → SMS OTP
  await open(page, "/admin/verification");
  await page.locator("summary", { hasText: "Add new" }).click();
  await page.getByRole("menuitem", { name: "SMS OTP" }).click();
  await expect(page.getByRole("heading", { name: "Add SMS OTP verifier" })).toBeVisible();
  await expect(page.getByLabel("UID")).toHaveValue(/^v_[0-9a-f]{10}$/);
  await page.getByLabel("UID").fill("v_e2e_sms");
  await page.getByLabel("Title").fill("Phone (sandbox)");
  await page.getByLabel("Provider", { exact: true }).selectOption("sandbox");

  // A field error appears next to its field and nothing is saved.
  await page.getByLabel("Code length").fill("3");
  await page.getByRole("button", { name: "Submit" }).click();
  await expect(page.getByText("Enter a number from 4 to 10.")).toBeVisible();

  // A select's error is marked on the select and read with it.
  await page.getByLabel("Code length").fill("6");
  const fallback = page.getByLabel("Fallback provider");
  await fallback.selectOption("sandbox");
  await page.getByRole("button", { name: "Submit" }).click();
  await expect(fallback).toHaveAttribute("aria-invalid", "true");
  await expect(fallback).toHaveAccessibleDescription("Choose a different provider than the first one, or none.");
  await expect(page.getByLabel("Provider", { exact: true })).toHaveAttribute("aria-invalid", "false");

  await fallback.selectOption("");
  await page.getByRole("button", { name: "Submit" }).click();
  await expect(page).toHaveURL(/\/admin\/verification$/);
  const row = page.getByRole("row", { name: /v_e2e_sms/ });
  await expect(row).toContainText("Phone (sandbox)");
  await expect(row).toContainText("sms-otp");
  await expect(row).toContainText("Sandbox (no real SMS)");

  // Edit the title.
  await row.getByRole("link", { name: "Edit" }).click();
  await expect(page.getByLabel("UID")).toHaveJSProperty("readOnly", true);
  await page.getByLabel("Title").fill("Phone codes");
  await page.getByRole("button", { name: "Submit" }).click();
  await expect(page).toHaveURL(/\/admin\/verification$/);
  await expect(page.getByRole("row", { name: /v_e2e_sms/ })).toContainText("Phone codes");

  // Send a test SMS.
  await page.getByRole("row", { name: /v_e2e_sms/ }).getByRole("link", { name: "Edit" }).click();
  await page.getByLabel("Phone number").fill("+86 138 0013 8000");
  await page.getByRole("button", { name: "Send test SMS" }).click();
  const outcome = page.getByTestId("test-sms-outcome");
  await expect(outcome).toContainText("Sent");
  await expect(outcome).toContainText(/sandbox-[0-9a-f]+/);

  // Read it in Messages, with its text (the sandbox inbox).
  await open(page, "/admin/messages");
  const message = page.getByRole("row", { name: /Phone codes/ }).first();
  await expect(message).toContainText("+86 138****8000");
  await expect(message).toContainText("Sent");
  await expect(message).toContainText(/Your Phone codes code is \d{6}\./);

  // Delete, after a confirmation that names the bound users.
  await open(page, "/admin/verification");
  await page.getByRole("row", { name: /v_e2e_sms/ }).getByRole("link", { name: "Delete" }).click();
  await expect(page.getByTestId("delete-consequence")).toHaveText("No user has bound a number to it.");
  await page.getByRole("button", { name: "Delete" }).click();
  await expect(page).toHaveURL(/\/admin\/verification$/);
  // Loaded (the table of the others, or none left), and this one gone.
  await expect(page.getByRole("table").or(page.getByText("No verifiers yet.")).first()).toBeVisible();
  await expect(page.getByRole("row", { name: /v_e2e_sms/ })).toHaveCount(0);
});
