import { expect, test } from "@playwright/test";

import { adminApi, open, signInAsAdmin } from "./helpers";

// Insights: an administrator's verifier sends codes through /api/v1, some are entered, and the
// Insights page draws both charts as server-rendered SVG whose names and text carry the numbers.
// The verifier is this run's own (a fresh UID), so its counts start at zero.

test("the Insights page charts codes sent and verified per day and conversion per calling code", async ({
  page,
  request,
}) => {
  const run = Date.now().toString(36);
  const verifier = { uid: `v_insights_${run}`, title: `Insights ${run}`, provider: "sandbox" };
  const admin = await adminApi();
  await admin.saveVerifier(verifier);
  const { secret } = await admin.createApiKey(`insights spec ${run}`);
  const headers = { Authorization: `Bearer ${secret}` };

  // Three codes: two to +86 (one entered), one to +31 (entered).
  for (const [to, enter] of [
    ["+8613800138101", true],
    ["+8613800138102", false],
    ["+31612345101", true],
  ] as const) {
    const started = await request.post("/api/v1/verifications", { headers, data: { verifier: verifier.uid, to } });
    expect(started.status(), await started.text()).toBe(201);
    if (enter) {
      const { id } = (await started.json()) as { id: string };
      const code = await admin.latestCode(verifier.title);
      const checked = await request.post(`/api/v1/verifications/${id}/check`, { headers, data: { code } });
      expect(await checked.json()).toMatchObject({ status: "approved", valid: true });
    }
  }
  await admin.dispose();

  await signInAsAdmin(page);
  await page.getByRole("link", { name: "Insights" }).click();
  await expect(page.getByRole("heading", { name: "Insights", level: 1 })).toBeVisible();
  await open(page, `/admin/insights?verifier=${verifier.uid}&period=7d`);
  await expect(page.getByLabel("Verifier")).toHaveValue(verifier.uid);
  await expect(page.getByRole("link", { name: "7 d" })).toHaveAttribute("aria-current", "page");

  const daily = page.getByRole("img", { name: "Codes sent and verified per day" });
  await expect(daily).toBeVisible();
  await expect(daily).toContainText(": 3 sent, 2 verified");

  const conversion = page.getByRole("img", { name: "Conversion by calling code" });
  await expect(conversion).toBeVisible();
  await expect(conversion).toContainText("+86: 50 % (1 of 2)");
  await expect(conversion).toContainText("+31: 100 % (1 of 1)");

  const figure = (label: string) => page.locator(".insights-figure", { hasText: label }).locator("dd");
  await expect(figure("Codes sent")).toHaveText("3");
  await expect(figure("Codes verified")).toHaveText("2");
  await expect(figure("Conversion")).toHaveText("66 %");
});
