import { expect, test, type Locator, type Page } from "@playwright/test";

import {
  EMULATOR,
  adminApi,
  codeIn,
  emulatorInbox,
  ensureUser,
  newestTo,
  open,
  signIn,
  signInAsAdmin,
  type EmulatorMessage,
} from "./helpers";

// The real providers over the real signed HTTP path: the admin points an Aliyun and a Tencent
// verifier at the server's SMS gateway emulator through the admin form, a user binds a number
// through each with the code the emulator received, and the Messages page shows each send with
// the emulator's request id. Each test also passes alone: it makes, through the API, what the
// tests before it would have made. verification.spec.ts binds +86 138… through a sandbox
// verifier; these use their own uids and +86 139… numbers, and leave sign-in with a code off, so
// the two do not meet.

const EMULATOR_URL = `http://${EMULATOR.address}`;

const ALIYUN = {
  uid: "v_aliyun_emu",
  title: "Phone (Aliyun emulator)",
  provider: "aliyun",
  providerTitle: "Aliyun SMS",
  signName: "Verigate",
  template: "SMS_154950909",
  number: "139 0000 1111",
  masked: "+86 139****1111",
};

const TENCENT = {
  uid: "v_tencent_emu",
  title: "Phone (Tencent emulator)",
  provider: "tencent",
  providerTitle: "Tencent Cloud SMS",
  signName: "Verigate",
  template: "1110",
  sdkAppId: "1400006666",
  number: "139 0000 2222",
  masked: "+86 139****2222",
};

type Verifier = typeof ALIYUN | typeof TENCENT;

/** The settings the admin form test enters, by provider setting key. */
function emulatorSettings(verifier: Verifier): Record<string, string> {
  return verifier === ALIYUN
    ? {
        access_key_id: EMULATOR.aliyun.keyId,
        access_key_secret: EMULATOR.aliyun.secret,
        endpoint: EMULATOR_URL,
        sign_name: ALIYUN.signName,
        template_code: ALIYUN.template,
        signature_version: "v3",
      }
    : {
        secret_id: EMULATOR.tencent.keyId,
        secret_key: EMULATOR.tencent.secret,
        endpoint: EMULATOR_URL,
        sdk_app_id: TENCENT.sdkAppId,
        sign_name: TENCENT.signName,
        template_id: TENCENT.template,
      };
}

/** Makes the verifiers the admin form test makes (or saves the same settings over them). */
async function ensureEmulatorVerifiers(verifiers: Verifier[]) {
  const admin = await adminApi();
  for (const verifier of verifiers) {
    await admin.saveVerifier({ ...verifier, settings: emulatorSettings(verifier) });
  }
  await admin.dispose();
}

/** Admin → Verification → Add new → SMS OTP, with the identity and the provider chosen. */
async function startNewVerifier(page: Page, verifier: Verifier) {
  await open(page, "/admin/verification");
  await page.locator("summary", { hasText: "Add new" }).click();
  await page.getByRole("menuitem", { name: "SMS OTP" }).click();
  await expect(page.getByRole("heading", { name: "Add SMS OTP verifier" })).toBeVisible();
  await page.getByLabel("UID").fill(verifier.uid);
  await page.getByLabel("Title").fill(verifier.title);
  await page.getByLabel("Provider", { exact: true }).selectOption(verifier.provider);
  // Every provider's settings are in the page, only the chosen one's shown: fill that section.
  const section = page.locator("section").filter({
    has: page.getByRole("heading", { name: `${verifier.providerTitle} settings` }),
  });
  await expect(section).toBeVisible();
  return section;
}

async function submitVerifier(page: Page, verifier: Verifier) {
  await page.getByRole("button", { name: "Submit" }).click();
  await expect(page).toHaveURL(/\/admin\/verification$/);
  const row = page.getByRole("row", { name: new RegExp(verifier.uid) });
  await expect(row).toContainText(verifier.title);
  await expect(row).toContainText(verifier.providerTitle);
}

test("the admin points an Aliyun and a Tencent verifier at the emulator through the admin form", async ({ page }) => {
  await signInAsAdmin(page);

  const aliyun = await startNewVerifier(page, ALIYUN);
  await aliyun.getByLabel("AccessKey ID").fill(EMULATOR.aliyun.keyId);
  await aliyun.getByLabel("AccessKey secret").fill(EMULATOR.aliyun.secret);
  await aliyun.getByLabel("Endpoint").fill(EMULATOR_URL);
  await aliyun.getByLabel("Sign name").fill(ALIYUN.signName);
  await aliyun.getByLabel("Template code").fill(ALIYUN.template);
  await aliyun.getByLabel("Signature version").selectOption("v3");
  await submitVerifier(page, ALIYUN);

  const tencent = await startNewVerifier(page, TENCENT);
  await tencent.getByLabel("SecretId").fill(EMULATOR.tencent.keyId);
  await tencent.getByLabel("SecretKey").fill(EMULATOR.tencent.secret);
  await tencent.getByLabel("Endpoint").fill(EMULATOR_URL);
  await tencent.getByLabel("SmsSdkAppId").fill(TENCENT.sdkAppId);
  await tencent.getByLabel("Sign name").fill(TENCENT.signName);
  await tencent.getByLabel("Template ID").fill(TENCENT.template);
  await submitVerifier(page, TENCENT);

  // The secrets are kept but never sent back to the browser.
  await page.getByRole("row", { name: new RegExp(ALIYUN.uid) }).getByRole("link", { name: "Edit" }).click();
  const saved = page.locator("section").filter({ has: page.getByRole("heading", { name: "Aliyun SMS settings" }) });
  await expect(saved.getByLabel("AccessKey ID")).toHaveValue(EMULATOR.aliyun.keyId);
  await expect(saved.getByLabel("AccessKey secret")).toHaveValue("");
  await expect(saved.getByLabel("AccessKey secret")).toHaveAttribute("placeholder", /set/);
});

for (const verifier of [ALIYUN, TENCENT]) {
  test(`a user binds a number through the ${verifier.provider} verifier with the code the emulator received`, async ({
    page,
    request,
  }) => {
    await ensureEmulatorVerifiers([verifier]);
    await ensureUser("ada");
    const readInbox = await emulatorInbox(request);
    const before = await readInbox();
    expect(before.address).toBe(EMULATOR.address);
    expect(newestTo(before, verifier.number), "no message to this number yet").toBeUndefined();

    await signIn(page, "ada");
    await expect(page).toHaveURL(/\/me\/verification$/);
    const row = page.getByTestId(`verifier-${verifier.uid}`);
    await expect(row).toContainText("Not configured");
    await row.getByRole("button", { name: "Bind" }).click();
    await row.getByLabel("Country").selectOption("86");
    await row.getByLabel("Phone number").fill(verifier.number);
    const send = row.getByTestId("send-code");
    await send.click();
    await expect(send).toHaveText(/Resend in \d+ s/);
    await expect(row.getByRole("status")).toContainText(verifier.masked);

    // The code went out through the provider's signed request; the emulator filed it.
    let message: EmulatorMessage | undefined;
    await expect
      .poll(async () => (message = newestTo(await readInbox(), verifier.number)), {
        message: `the emulator received an SMS to ${verifier.number}`,
      })
      .toBeDefined();
    expect(message).toMatchObject({
      provider: verifier.provider,
      sender: verifier.signName,
      template: verifier.template,
    });
    expect(message!.request_id).not.toBe("");

    await row.getByLabel("Verification code").fill(codeIn(message!));
    await row.getByRole("button", { name: "Bind", exact: true }).click();
    await expect(row.getByTestId("bound-number")).toHaveText(verifier.masked);
    await expect(row).toContainText("Configured");
  });
}

/** A cell of a table row, by its column's header. */
async function cell(table: Locator, row: Locator, header: string): Promise<Locator> {
  const headers = await table.getByRole("columnheader").allTextContents();
  const index = headers.findIndex((text) => text.trim() === header);
  expect(index, `a "${header}" column in ${JSON.stringify(headers)}`).toBeGreaterThanOrEqual(0);
  return row.getByRole("cell").nth(index);
}

test("the Messages page shows each send's provider, status and the emulator's request id", async ({
  page,
  request,
}) => {
  // One send through each verifier: the bind tests' when they ran, a test SMS otherwise.
  await ensureEmulatorVerifiers([ALIYUN, TENCENT]);
  const readInbox = await emulatorInbox(request);
  const admin = await adminApi();
  for (const verifier of [ALIYUN, TENCENT]) {
    if (!newestTo(await readInbox(), verifier.number)) {
      await admin.sendTestSms(verifier.uid, `+86 ${verifier.number}`);
    }
  }
  await admin.dispose();
  const inbox = await readInbox();
  await signInAsAdmin(page);
  await open(page, "/admin/messages");
  // The message log is the table with a Verifier column (the page may show the emulator's inbox too).
  const log = page.getByRole("table").filter({ has: page.getByRole("columnheader", { name: "Verifier" }) });
  for (const verifier of [ALIYUN, TENCENT]) {
    const message = newestTo(inbox, verifier.number);
    expect(message, `the emulator received an SMS to ${verifier.number}`).toBeDefined();
    const row = log.getByRole("row").filter({ hasText: verifier.title });
    await expect(row).toHaveCount(1);
    await expect(await cell(log, row, "Number")).toHaveText(verifier.masked);
    await expect(await cell(log, row, "Provider")).toHaveText(verifier.provider);
    await expect(await cell(log, row, "Status")).toHaveText("Sent");
    await expect(await cell(log, row, "Reference")).toHaveText(message!.request_id);
    // The code is in the emulator's inbox, not in the log: only the sandbox's text is kept.
    await expect(await cell(log, row, "Text (sandbox only)")).toHaveText("");
  }

  // Below it, the emulator's inbox shows where to point a provider and what the phones got.
  const emulator = page.getByRole("region", { name: "Emulator inbox" });
  await expect(emulator).toContainText(`http://${EMULATOR.address}`);
  for (const verifier of [ALIYUN, TENCENT]) {
    const message = newestTo(inbox, verifier.number)!;
    const row = emulator.getByRole("row").filter({ hasText: message.request_id });
    await expect(row).toHaveCount(1);
    await expect(row).toContainText(message.text);
    await expect(row).toContainText(verifier.provider);
  }
});
