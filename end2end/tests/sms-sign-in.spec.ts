import { expect, test } from "@playwright/test";

import { adminApi, ensureUser, open, sendCode, signIn } from "./helpers";

// Signing in with an SMS code when several verifiers allow it: the form follows the verifier the
// user picks (its countries, its code length), not the first one in the list. The bind's code
// and the sign-in code go to the number in different lanes (a signed-in user's and an anonymous
// caller's), so the one does not hold back the other.

const FIRST = {
  uid: "v_sign_in_cn",
  title: "Mainland China phone",
  provider: "sandbox",
  signIn: true,
  allowedCountries: "86",
  codeLength: 6,
};
const SECOND = {
  uid: "v_sign_in_nl",
  title: "Netherlands phone",
  provider: "sandbox",
  signIn: true,
  allowedCountries: "31",
  codeLength: 8,
};
const USER = "noor";
const NUMBER = "6 1234 5678";
const MASKED = "+31 612**5678";

test("SMS sign-in follows the chosen verifier's countries and code length", async ({ page }) => {
  const admin = await adminApi();
  await admin.saveVerifier(FIRST);
  await admin.saveVerifier(SECOND);
  await ensureUser(USER);

  // The user binds a Dutch number through the second verifier, in its own countries and length.
  await signIn(page, USER);
  await expect(page).toHaveURL(/\/me\/verification$/);
  const row = page.getByTestId(`verifier-${SECOND.uid}`);
  await row.getByRole("button", { name: "Bind" }).click();
  await expect(row.getByLabel("Country")).toHaveValue("31");
  await expect(row.getByLabel("Verification code")).toHaveAttribute("placeholder", "•".repeat(8));
  await row.getByLabel("Phone number").fill(NUMBER);
  await sendCode(row);
  await expect(row.getByRole("status")).toContainText(MASKED);
  await row.getByLabel("Verification code").fill(await admin.latestCode(SECOND.title));
  await row.getByRole("button", { name: "Bind", exact: true }).click();
  await expect(row.getByTestId("bound-number")).toHaveText(MASKED);

  // Signed out, on the "SMS code" tab: the first verifier offers its country and code length.
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await open(page, "/sign-in?method=sms");
  await expect(page.getByTestId("send-code")).toBeEnabled();
  const verifier = page.getByLabel("Verify with");
  const countries = page.getByLabel("Country");
  const code = page.getByLabel("Verification code");
  await verifier.selectOption({ label: FIRST.title });
  await expect(countries.locator("option")).toHaveText(["China (+86)"]);
  await expect(code).toHaveAttribute("placeholder", "•".repeat(6));

  // Choosing the second shows its country and a code input of its length.
  await verifier.selectOption({ label: SECOND.title });
  await expect(countries.locator("option")).toHaveText(["Netherlands (+31)"]);
  await expect(countries).toHaveValue("31");
  await expect(code).toHaveAttribute("placeholder", "•".repeat(8));
  await expect(code).toHaveAttribute("maxlength", "12");

  // And the code it sends signs the user in.
  await page.getByLabel("Phone number").fill(NUMBER);
  await sendCode(page);
  const sent = await admin.latestCode(SECOND.title, "sign-in");
  expect(sent).toHaveLength(8);
  await code.fill(sent);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/me\/verification$/);
  await expect(page.getByTestId("signed-in-user")).toHaveText(USER);
  await admin.dispose();
});
