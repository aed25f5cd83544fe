import { expect, test, type APIRequestContext } from "@playwright/test";
import twilio from "twilio";

import { PASSWORD } from "./helpers";

// Twilio's official Node library (the `twilio` package), pointed at Verigate's `/v2` by
// overriding its Verify base URL, as an application switching from Twilio Verify would. No
// browser page: the library talks HTTP itself. Runs after accounts.spec.ts created "admin", who
// makes a sandbox verifier and an API key through the console's server functions and reads the
// codes from the message log.

test.describe.configure({ mode: "serial" });

const VERIFIER = "v_twilio";
const TITLE = "Twilio test";

/** The console's server functions, as the administrator. */
async function adminConsole(request: APIRequestContext, baseURL: string) {
  const post = (endpoint: string, form: Record<string, string> = {}) =>
    request.post(`/api/${endpoint}`, { headers: { Origin: baseURL }, form, maxRedirects: 0 });
  expect((await post("sign_in", { username: "admin", password: PASSWORD })).status()).toBeLessThan(400);
  return {
    async createSandboxVerifier() {
      const response = await post("save_verifier", {
        mode: "create",
        uid: VERIFIER,
        title: TITLE,
        description: "",
        provider: "sandbox",
        "settings[sandbox][fail]": "none",
        code_length: "6",
        code_lifetime_secs: "300",
        resend_interval_secs: "30",
        max_attempts: "5",
        sends_per_hour: "10",
        sends_per_day: "20",
        allowed_countries: "",
      });
      expect(response.status(), await response.text()).toBeLessThan(400);
    },
    /** A key for every verifier: its SID and secret, and the installation's Account SID. */
    async createKey(): Promise<{ sid: string; secret: string; accountSid: string }> {
      const created = await post("create_api_key", { name: "twilio-node spec", scope: "all" });
      expect(created.status(), await created.text()).toBe(200);
      const { sid, secret } = (await created.json()) as { sid: string; secret: string };
      const page = (await (await post("list_api_keys")).json()) as { account_sid: string };
      return { sid, secret, accountSid: page.account_sid };
    },
    /** The code in this verifier's newest message (the sandbox keeps the text); other specs send
     * through verifiers of their own at the same time. Without a `Locale` the message is in the
     * language of the number's country, as Twilio's: Chinese for these +86 numbers. */
    async latestCode(): Promise<string> {
      const page = await (await post("list_messages", { page: "0", verifier: VERIFIER })).json();
      const match = /验证码为 (\d{6})/.exec(page.items[0].body ?? "");
      expect(match, `a code in the newest sandbox message: ${page.items[0].body}`).not.toBeNull();
      return match![1];
    },
  };
}

/** `123456` → `234567`: a code of the right length that is wrong. */
function wrong(code: string): string {
  return code.replace(/\d/g, (digit) => String((Number(digit) + 1) % 10));
}

test("the official Twilio library starts, checks, fetches and cancels verifications; a wrong secret is refused", async ({
  playwright,
  baseURL,
}) => {
  const request = await playwright.request.newContext({ baseURL });
  const admin = await adminConsole(request, baseURL!);
  await admin.createSandboxVerifier();
  const key = await admin.createKey();
  expect(key.accountSid).toMatch(/^AC[0-9a-f]{32}$/);

  // The library insists on an `AC…` account SID when the username is an API key (`SK…`).
  const client = twilio(key.sid, key.secret, { accountSid: key.accountSid });
  client.verify.baseUrl = baseURL!;

  const services = await client.verify.v2.services.list();
  const service = services.find((candidate) => candidate.friendlyName === TITLE);
  expect(service, "the verifier is listed as a Service").toBeDefined();
  expect(service!.sid).toMatch(/^VA[0-9a-f]{32}$/);
  expect(service!.codeLength).toBe(6);
  const verify = client.verify.v2.services(service!.sid);

  // Start, a wrong code (still pending), the right code (approved).
  const to = "+8613800138101";
  const started = await verify.verifications.create({ to, channel: "sms" });
  expect(started.sid).toMatch(/^VE[0-9a-f]{32}$/);
  expect([started.status, started.valid, started.to, started.channel]).toEqual(["pending", false, to, "sms"]);
  expect(started.accountSid).toBe(key.accountSid);
  expect(started.dateCreated).toBeInstanceOf(Date);
  const code = await admin.latestCode();

  const wrongCheck = await verify.verificationChecks.create({ to, code: wrong(code) });
  expect([wrongCheck.status, wrongCheck.valid, wrongCheck.sid]).toEqual(["pending", false, started.sid]);
  const rightCheck = await verify.verificationChecks.create({ to, code });
  expect([rightCheck.status, rightCheck.valid, rightCheck.sid]).toEqual(["approved", true, started.sid]);

  // Fetch, then cancel, another one.
  const other = "+8613800138102";
  const second = await verify.verifications.create({ to: other, channel: "sms" });
  const fetched = await verify.verifications(second.sid).fetch();
  expect([fetched.sid, fetched.status, fetched.to]).toEqual([second.sid, "pending", other]);
  expect(fetched.url).toBe(`${baseURL}/v2/Services/${service!.sid}/Verifications/${second.sid}`);
  const canceled = await verify.verifications(second.sid).update({ status: "canceled" });
  expect([canceled.sid, canceled.status, canceled.valid]).toEqual([second.sid, "canceled", false]);

  // A wrong secret: the library's RestException, with Twilio's 401 and 20003.
  const impostor = twilio(key.sid, "not-the-secret", { accountSid: key.accountSid });
  impostor.verify.baseUrl = baseURL!;
  const refused = await impostor.verify.v2
    .services(service!.sid)
    .verifications.create({ to: "+8613800138103", channel: "sms" })
    .then(
      () => null,
      (error: unknown) => error,
    );
  expect(refused).toBeInstanceOf(twilio.RestException);
  const exception = refused as InstanceType<typeof twilio.RestException>;
  expect([exception.status, exception.code, exception.moreInfo]).toEqual([
    401,
    20003,
    "https://www.twilio.com/docs/errors/20003",
  ]);
  await request.dispose();
});
