import { readFileSync } from "node:fs";
import * as path from "node:path";

import { expect, test, type Browser, type Locator, type Page } from "@playwright/test";

import {
  BASE_URL,
  LOCALES,
  adminApi,
  chooseSignInVerifier,
  collectConsoleErrors,
  ensureUser,
  expectHydrated,
  expectNoViolations,
  open,
  passResendInterval,
  signIn,
  signInAsAdmin,
} from "./helpers";

// The main walk in every language: an administrator adds a verifier, a user binds a number,
// signs in with an SMS code and unbinds it, and every page says so in the chosen language. The
// expected words come from the catalogues themselves (app/locales), the same files the build
// compiles in. Each language arrives a different way: English by default, Dutch from the
// browser's Accept-Language, Chinese chosen in the header's language menu (and kept in its cookie).
// Two fresh browser contexts per walk each compile the debug build's WebAssembly first.
test.setTimeout(120_000);

type Catalogue = Record<string, string>;
type Texts = Record<"common" | "account" | "verification" | "verifiers", Catalogue>;

function textsIn(locale: string): Texts {
  return JSON.parse(readFileSync(path.join(__dirname, "../../app/locales", `${locale}.json`), "utf8"));
}

/** The fixed words of an entry before its first placeholder. */
function lead(entry: string): string {
  return entry.split("{{")[0].trim();
}

/** A page in a fresh browser context that reaches `locale` the way this walk tests it. */
async function pageIn(browser: Browser, locale: string): Promise<Page> {
  if (locale === "nl") {
    return (await browser.newContext({ locale: "nl-NL" })).newPage();
  }
  const page = await (await browser.newContext({ locale: "en-US" })).newPage();
  if (locale !== "en") {
    await open(page, "/sign-in");
    await page.getByTestId("language").selectOption(locale);
    await expect(page.locator("html")).toHaveAttribute("lang", locale);
  }
  return page;
}

/** Clicks "Send code" and waits until the code went out and the countdown runs. */
async function sendCode(scope: Page | Locator, t: Texts) {
  const button = scope.getByTestId("send-code");
  await button.click();
  await expect(scope.getByRole("status")).toBeVisible();
  await expect(button).toHaveText(new RegExp(lead(t.verification.resend_in)));
}

for (const locale of LOCALES) {
  test(`the main walk reads in ${locale}`, async ({ browser }) => {
    const t = textsIn(locale);
    const suffix = `${locale}${Date.now() % 1_000_000}`;
    const verifier = { uid: `v_walk_${suffix}`, title: `Walk ${suffix}` };
    const number = { en: "6 1111 2201", zh: "6 1111 2202", nl: "6 1111 2203" }[locale];
    const e164 = `+31${number.replaceAll(" ", "")}`;
    const api = await adminApi();

    // The administrator adds the verifier through the console.
    const consolePage = await pageIn(browser, locale);
    const consoleErrors = collectConsoleErrors(consolePage);
    await signInAsAdmin(consolePage);
    await open(consolePage, "/admin/verification");
    await expect(consolePage.locator("html")).toHaveAttribute("lang", locale);
    await expect(consolePage.getByRole("heading", { level: 1 })).toHaveText(t.verifiers.title);
    await expect(consolePage.getByRole("link", { name: t.common.nav_messages })).toBeVisible();
    await consolePage.getByText(t.verifiers.add_new, { exact: true }).click();
    await consolePage.getByRole("menuitem", { name: "SMS OTP" }).click();
    await expect(consolePage.getByRole("heading", { level: 1 })).toHaveText(t.verifiers.new_title);
    await consolePage.getByLabel(t.verifiers.heading_uid, { exact: true }).fill(verifier.uid);
    await consolePage.getByLabel(t.verifiers.heading_title, { exact: true }).fill(verifier.title);
    await consolePage.locator("#field-provider").selectOption("sandbox");
    await consolePage.getByLabel(t.verifiers.resend_interval, { exact: true }).fill("30");
    await consolePage.getByLabel(t.verifiers.allowed_countries, { exact: true }).fill("31");
    await consolePage.getByLabel(t.verifiers.allow_sign_in).check();
    await consolePage.getByRole("button", { name: t.verifiers.submit }).click();
    await expect(consolePage).toHaveURL(/\/admin\/verification$/);
    await expect(consolePage.getByText(verifier.title)).toBeVisible();
    expect(consoleErrors).toEqual([]);

    // A user binds a number.
    const user = `walker_${suffix}`;
    await ensureUser(user);
    const page = await pageIn(browser, locale);
    const errors = collectConsoleErrors(page);
    await signIn(page, user);
    await expect(page).toHaveURL(/\/me\/verification$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(t.verification.title);
    const row = page.getByTestId(`verifier-${verifier.uid}`);
    await expect(row).toContainText(t.verification.not_configured);
    await row.getByRole("button", { name: t.verification.bind }).click();
    await row.getByLabel(t.verification.phone_number).fill(number);
    await sendCode(row, t);
    await row.getByLabel(t.verification.verification_code).fill(await api.latestCode(verifier.title));
    await row.getByRole("button", { name: t.verification.bind, exact: true }).click();
    await expect(row.getByTestId("bound-number")).toBeVisible();
    await expect(row).toContainText(t.verification.configured);

    // Signs out, and in again with an SMS code.
    await page.getByRole("button", { name: t.common.sign_out }).click();
    await expect(page).toHaveURL(/\/sign-in$/);
    await page.getByRole("tab", { name: t.account.method_sms }).click();
    await expect(page).toHaveURL(/method=sms/);
    await expectHydrated(page);
    await chooseSignInVerifier(page, verifier.title, t.verification.verify_with);
    await page.getByLabel(t.verification.phone_number).fill(number);
    await sendCode(page, t);
    await page.getByLabel(t.verification.verification_code).fill(await api.latestCode(verifier.title, "sign-in"));
    await page.getByRole("button", { name: t.common.sign_in, exact: true }).click();
    await expect(page).toHaveURL(/\/me\/verification$/);
    await expect(page.getByTestId("signed-in-user")).toHaveText(user);

    // Unbinds: a session begun with a code confirms the password first.
    const bound = page.getByTestId(`verifier-${verifier.uid}`);
    passResendInterval(e164);
    await bound.getByRole("button", { name: t.verification.unbind }).click();
    await bound.getByTestId("send-code").click();
    const prompt = bound.getByTestId("password-prompt");
    await expect(prompt.getByLabel(t.account.your_password)).toBeVisible();
    await expectNoViolations(page, `the unbind panel's password prompt (${locale})`);
    await prompt.getByLabel(t.account.your_password).fill("correct horse battery");
    await prompt.getByRole("button", { name: t.account.confirm_password }).click();
    await expect(prompt).toContainText(t.account.password_confirmed);
    await sendCode(bound, t);
    await bound.getByLabel(t.verification.verification_code).fill(await api.latestCode(verifier.title));
    await bound.getByRole("button", { name: t.verification.unbind, exact: true }).click();
    await expect(bound).toContainText(t.verification.not_configured);
    expect(errors).toEqual([]);
    await api.dispose();
  });
}

/** The language cookie after opening sign-up, which must read in `locale`, in a page made by `pageIn`. */
async function localeCookieAfterSignUpIn(browser: Browser, locale: string) {
  const page = await pageIn(browser, locale);
  await open(page, "/sign-up");
  await expect(page.locator("html")).toHaveAttribute("lang", locale);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(textsIn(locale).account.create_an_account);
  const cookies = await page.context().cookies(BASE_URL);
  return cookies.find((cookie) => cookie.name === "verigate_locale");
}

test("the language chosen in the menu is kept for the next visit", async ({ browser }) => {
  expect(await localeCookieAfterSignUpIn(browser, "zh")).toMatchObject({ value: "zh", path: "/" });
});

test("a first visit reads the browser's language and keeps no cookie until one is chosen", async ({ browser }) => {
  expect(await localeCookieAfterSignUpIn(browser, "nl")).toBeUndefined();
});
