import { expect, type Page } from "@playwright/test";

export const PASSWORD = "correct horse battery";

/** Opens a page and waits until the WebAssembly has hydrated it: clicks before that are lost. */
export async function open(page: Page, path: string) {
  await page.goto(path);
  await expect(page.locator("#app-root")).toHaveAttribute("data-hydrated", "true");
}

/** Console errors other than the browser's own note on an expected 4xx answer. */
export function collectConsoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error" && !message.text().startsWith("Failed to load resource")) {
      errors.push(message.text());
    }
  });
  page.on("pageerror", (error) => errors.push(error.message));
  return errors;
}

export async function fillAccountForm(page: Page, username: string, password = PASSWORD) {
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByLabel("Repeat the password").fill(password);
}

export async function signIn(page: Page, username: string, password = PASSWORD) {
  await open(page, "/sign-in");
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}
