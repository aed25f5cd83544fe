import { expect, test } from "@playwright/test";

import {
  ADMIN,
  PASSWORD,
  SETUP_TOKEN,
  collectConsoleErrors,
  ensureUser,
  fillAccountForm,
  open,
  signIn,
} from "./helpers";

// Every test makes the accounts it needs, so each passes alone. The first one needs a fresh
// installation: every run of `make e2e` starts on an empty database, and this file runs first,
// before any other (its own project in playwright.config.ts).

test("a fresh installation asks for the first administrator, once", async ({ page }) => {
  const errors = collectConsoleErrors(page);
  await open(page, "/");
  await expect(page).toHaveURL(/\/setup$/);
  await expect(page.getByRole("heading", { name: "Create administrator" })).toBeVisible();

  // Without the token the server printed at start, nobody becomes administrator.
  await page.getByLabel("Setup token").fill("a guess");
  await fillAccountForm(page, ADMIN);
  await page.getByRole("button", { name: "Create administrator" }).click();
  await expect(page.getByText("This is not the setup token.")).toBeVisible();

  // The printed link fills the token in.
  await open(page, `/setup?token=${SETUP_TOKEN}`);
  await expect(page.getByLabel("Setup token")).toHaveValue(SETUP_TOKEN);
  await fillAccountForm(page, ADMIN);
  await page.getByRole("button", { name: "Create administrator" }).click();

  await expect(page).toHaveURL(/\/admin\/verification$/);
  await expect(page.getByTestId("signed-in-user")).toHaveText(ADMIN);
  await expect(page.getByRole("link", { name: "Verification", exact: true })).toBeVisible();
  await expect(page.getByRole("link", { name: "Messages" })).toBeVisible();
  await expect(page.getByText("No verifiers yet.")).toBeVisible();

  await open(page, "/setup");
  await expect(page.getByRole("heading", { name: "Set-up is done" })).toBeVisible();
  expect(errors).toEqual([]);
});

// "ada" is new here: no test before this one in the file makes her.
test("a visitor signs up and lands on their verification page", async ({ page }) => {
  const errors = collectConsoleErrors(page);
  await open(page, "/sign-up");
  await fillAccountForm(page, "ada");
  await page.getByRole("button", { name: "Sign up" }).click();

  await expect(page).toHaveURL(/\/me\/verification$/);
  await expect(page.getByTestId("signed-in-user")).toHaveText("ada");
  await expect(page.getByRole("link", { name: "My verification" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Messages" })).toHaveCount(0);
  expect(errors).toEqual([]);
});

test("sign-up explains what is wrong next to the field", async ({ page }) => {
  await ensureUser("ada");
  await open(page, "/sign-up");
  await fillAccountForm(page, "ada");
  await page.getByRole("button", { name: "Sign up" }).click();
  await expect(page.getByText("This username is taken.")).toBeVisible();

  await fillAccountForm(page, "grace", "short");
  await page.getByRole("button", { name: "Sign up" }).click();
  await expect(page.getByText("Use at least 8 characters.")).toBeVisible();
});

test("a wrong password gets one plain message", async ({ page }) => {
  await ensureUser("ada");
  await signIn(page, "ada", "not the password");
  await expect(page.getByRole("alert").filter({ hasText: "Wrong username or password." })).toBeVisible();
  await expect(page).toHaveURL(/\/sign-in$/);

  await signIn(page, "nobody-here", "not the password");
  await expect(page.getByRole("alert").filter({ hasText: "Wrong username or password." })).toBeVisible();
});

test("a user signs in and out", async ({ page }) => {
  await ensureUser("ada");
  await signIn(page, "ada");
  await expect(page).toHaveURL(/\/me\/verification$/);
  await expect(page.getByTestId("signed-in-user")).toHaveText("ada");

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await expect(page.getByTestId("signed-in-user")).toHaveCount(0);

  await open(page, "/me/verification");
  await expect(page.getByText("Please sign in to continue.")).toBeVisible();
});

test("an ordinary user cannot open the admin pages, nor call what is behind them", async ({ page, baseURL }) => {
  await ensureUser("ada");
  await signIn(page, "ada");
  await expect(page.getByTestId("signed-in-user")).toHaveText("ada");

  for (const path of ["/admin/verification", "/admin/messages"]) {
    await open(page, path);
    await expect(page.getByText("You do not have permission to do this.")).toBeVisible();
  }

  for (const [endpoint, form] of [
    ["list_verifiers", {}],
    ["list_messages", { page: "0" }],
  ] as const) {
    const response = await page.request.post(`/api/${endpoint}`, {
      headers: { Origin: baseURL! },
      form,
    });
    expect(response.status(), endpoint).toBe(403);
    expect(await response.json()).toBe("Forbidden");
  }
});

test("the sign-in form works without JavaScript", async ({ browser }) => {
  await ensureUser("ada");
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto("/sign-in");
  await page.getByLabel("Username").fill("ada");
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();

  await expect(page).toHaveURL(/\/me\/verification$/);
  await expect(page.getByTestId("signed-in-user")).toHaveText("ada");
  await context.close();
});
