import { expect, test } from "@playwright/test";
import Dysmsapi4, { SendSmsRequest as SendSmsRequest4 } from "@alicloud/dysmsapi20170525";
import { $OpenApiUtil } from "@alicloud/openapi-core";
import { Config as Config3 } from "@alicloud/openapi-client";
import Dysmsapi3, { SendSmsRequest as SendSmsRequest3 } from "dysmsapi20170525-v3";
import * as tencentcloud from "tencentcloud-sdk-nodejs-sms";

import { EMULATOR, codeIn, emulatorInbox, messagesTo, newestTo } from "./helpers";

// The official vendor SDKs, pointed at the emulator's listener, as an integrator would point them
// at a real gateway: the right credentials get the vendor's success answer and a message in the
// emulator's inbox; a wrong secret gets the vendor's signature error and nothing in the inbox.
// No browser page: the SDKs talk HTTP themselves, the inbox is read through the admin API.

const ALIYUN_SIGN_NAME = "Verigate";
const ALIYUN_TEMPLATE = "SMS_154950909";
const TENCENT_SDK_APP_ID = "1400006666";
const TENCENT_SIGN_NAME = "Verigate";
const TENCENT_TEMPLATE = "1110";

/** What a call came back with: the vendor's success body, or the error code the SDK threw. */
type Outcome<T> = { ok: T } | { error: string; message: string };

async function outcome<T>(call: Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: await call };
  } catch (thrown) {
    const error = thrown as { code?: string; message?: string };
    return { error: error.code ?? "(no code)", message: error.message ?? String(thrown) };
  }
}

/** A fresh 6-digit code, so each test finds its own message. */
function freshCode(): string {
  return String(100_000 + Math.floor(Math.random() * 900_000));
}

interface AliyunCall {
  phone: string;
  code: string;
  secret: string;
}

interface AliyunAnswer {
  code: string;
  message: string;
  requestId: string;
  bizId: string;
}

/** `@alicloud/dysmsapi20170525` 4.x (openapi-core), the SDK npm installs today. */
async function aliyunSdk4(signing: "v3" | "v2", call: AliyunCall): Promise<AliyunAnswer> {
  const client = new Dysmsapi4(
    new $OpenApiUtil.Config({
      accessKeyId: EMULATOR.aliyun.keyId,
      accessKeySecret: call.secret,
      endpoint: EMULATOR.address,
      protocol: "http",
      readTimeout: 10_000,
      connectTimeout: 5_000,
      // The SDK's default is ACS3-HMAC-SHA256; "v2" is the older HMAC-SHA1 RPC signature.
      ...(signing === "v2" ? { signatureAlgorithm: "v2" } : {}),
    }),
  );
  const response = await client.sendSms(
    new SendSmsRequest4({
      phoneNumbers: call.phone,
      signName: ALIYUN_SIGN_NAME,
      templateCode: ALIYUN_TEMPLATE,
      templateParam: JSON.stringify({ code: call.code }),
    }),
  );
  const body = response.body!;
  return { code: body.code ?? "", message: body.message ?? "", requestId: body.requestId ?? "", bizId: body.bizId ?? "" };
}

/** `@alicloud/dysmsapi20170525` 3.x (openapi-client), still the one most integrations pin. */
async function aliyunSdk3(signing: "v3" | "v2", call: AliyunCall): Promise<AliyunAnswer> {
  const client = new Dysmsapi3(
    new Config3({
      accessKeyId: EMULATOR.aliyun.keyId,
      accessKeySecret: call.secret,
      endpoint: EMULATOR.address,
      protocol: "http",
      readTimeout: 10_000,
      connectTimeout: 5_000,
      ...(signing === "v2" ? { signatureAlgorithm: "v2" } : {}),
    }),
  );
  const response = await client.sendSms(
    new SendSmsRequest3({
      phoneNumbers: call.phone,
      signName: ALIYUN_SIGN_NAME,
      templateCode: ALIYUN_TEMPLATE,
      templateParam: JSON.stringify({ code: call.code }),
    }),
  );
  const body = response.body!;
  return { code: body.code ?? "", message: body.message ?? "", requestId: body.requestId ?? "", bizId: body.bizId ?? "" };
}

/** `tencentcloud-sdk-nodejs-sms`, API 2021-01-11. */
async function tencentSdk(call: { phone: string; code: string; secret: string }) {
  const client = new tencentcloud.sms.v20210111.Client({
    credential: { secretId: EMULATOR.tencent.keyId, secretKey: call.secret },
    region: "ap-guangzhou",
    profile: { httpProfile: { protocol: "http://", endpoint: EMULATOR.address, reqTimeout: 10 } },
  });
  return client.SendSms({
    PhoneNumberSet: [call.phone],
    SmsSdkAppId: TENCENT_SDK_APP_ID,
    SignName: TENCENT_SIGN_NAME,
    TemplateId: TENCENT_TEMPLATE,
    TemplateParamSet: [call.code],
  });
}

// One number per SDK and signing, so the message a test finds is its own.
const ALIYUN_CASES = [
  { sdk: "4.x (openapi-core)", send: aliyunSdk4, signing: "v3", phone: "+8613700000041" },
  { sdk: "4.x (openapi-core)", send: aliyunSdk4, signing: "v2", phone: "+8613700000042" },
  { sdk: "3.x (openapi-client)", send: aliyunSdk3, signing: "v3", phone: "+8613700000031" },
  { sdk: "3.x (openapi-client)", send: aliyunSdk3, signing: "v2", phone: "+8613700000032" },
] as const;

for (const { sdk, send, signing, phone } of ALIYUN_CASES) {
  const label = signing === "v3" ? "ACS3-HMAC-SHA256 (default)" : "HMAC-SHA1 (signatureAlgorithm v2)";
  test(`Aliyun SDK ${sdk}, ${label}: the emulator's credentials send, a wrong secret is refused`, async ({
    request,
  }) => {
    const readInbox = await emulatorInbox(request);
    const code = freshCode();

    const sent = await outcome(send(signing, { phone, code, secret: EMULATOR.aliyun.secret }));
    expect(sent, "SendSms with the emulator's AccessKey").toMatchObject({ ok: { code: "OK", message: "OK" } });
    const answer = (sent as { ok: AliyunAnswer }).ok;
    expect(answer.requestId).not.toBe("");
    expect(answer.bizId).not.toBe("");

    const inbox = await readInbox();
    expect(inbox.address).toBe(EMULATOR.address);
    expect(inbox.credentials).toContainEqual({
      provider: "aliyun",
      key_id: EMULATOR.aliyun.keyId,
      secret: EMULATOR.aliyun.secret,
    });
    const message = newestTo(inbox, phone);
    expect(message, `a message to ${phone} in the emulator's inbox`).toBeDefined();
    expect(message).toMatchObject({
      provider: "aliyun",
      sender: ALIYUN_SIGN_NAME,
      template: ALIYUN_TEMPLATE,
      request_id: answer.requestId,
    });
    expect(codeIn(message!)).toBe(code);
    const before = messagesTo(inbox, phone).length;

    const refused = await outcome(send(signing, { phone, code: freshCode(), secret: "not-the-emulator-secret" }));
    expect(refused, "SendSms signed with a wrong AccessKey secret").toMatchObject({
      error: "SignatureDoesNotMatch",
    });
    expect(messagesTo(await readInbox(), phone).length, "nothing filed for the refused request").toBe(before);
  });
}

test("Tencent SDK (tencentcloud-sdk-nodejs-sms): the emulator's credentials send, a wrong secret is refused", async ({
  request,
}) => {
  const readInbox = await emulatorInbox(request);
  const phone = "+8613700000051";
  const code = freshCode();

  const sent = await outcome(tencentSdk({ phone, code, secret: EMULATOR.tencent.secret }));
  expect(sent, "SendSms with the emulator's SecretId/SecretKey").toMatchObject({
    ok: { SendStatusSet: [{ Code: "Ok", PhoneNumber: phone }] },
  });
  const answer = (sent as { ok: Awaited<ReturnType<typeof tencentSdk>> }).ok;
  expect(answer.RequestId ?? "").not.toBe("");

  const inbox = await readInbox();
  expect(inbox.credentials).toContainEqual({
    provider: "tencent",
    key_id: EMULATOR.tencent.keyId,
    secret: EMULATOR.tencent.secret,
  });
  const message = newestTo(inbox, phone);
  expect(message, `a message to ${phone} in the emulator's inbox`).toBeDefined();
  expect(message).toMatchObject({
    provider: "tencent",
    sender: TENCENT_SIGN_NAME,
    template: TENCENT_TEMPLATE,
    request_id: answer.RequestId,
  });
  expect(codeIn(message!)).toBe(code);
  const before = messagesTo(inbox, phone).length;

  const refused = await outcome(tencentSdk({ phone, code: freshCode(), secret: "not-the-emulator-secret" }));
  expect(refused, "SendSms signed with a wrong SecretKey").toMatchObject({ error: "AuthFailure.SignatureFailure" });
  expect(messagesTo(await readInbox(), phone).length, "nothing filed for the refused request").toBe(before);
});
