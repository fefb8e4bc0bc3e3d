import { XMLParser } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { S3FileStore, LocalFileStore, verifyLocalFileLink } from "../../packages/core/src/files";
import { twilioTelephony } from "../../packages/core/src/telephony/twilio";
import { answerTwiml, type VoiceLegContext } from "../../packages/core/src/telephony/twiml";

/**
 * What providers are told to record, and what links to a recording look like (issue 18): Twilio's
 * `<Dial record>` / REST `Record`, the S3 presigned GET (≤ 300 s, signed), the local signed link.
 */
const parser = new XMLParser({ ignoreAttributes: false, parseTagValue: false, parseAttributeValue: false });
const PUBLIC_URL = "https://crm.example.com";
const leg: VoiceLegContext = { connectTo: { userId: "01HZUSER000000000000000000" }, context: { listId: "L", entryId: "E", attempt: 1 } };

describe("Twilio recording parameters", () => {
  it("a recorded voice leg records the bridge, both channels, with a signed callback carrying our callId", () => {
    const dial = parser.parse(answerTwiml({ publicUrl: PUBLIC_URL, callId: "L.E.1", leg: { ...leg, record: { announcement: "May be recorded" } } })).Response.Dial;
    expect(dial["@_record"]).toBe("record-from-answer-dual");
    expect(dial["@_recordingStatusCallbackEvent"]).toBe("completed");
    const callback = new URL(dial["@_recordingStatusCallback"]);
    expect(callback.origin + callback.pathname).toBe(`${PUBLIC_URL}/v1/telephony/twilio/recording`);
    expect(callback.searchParams.get("callId")).toBe("L.E.1");
  });

  it("an unrecorded voice leg has no record attribute", () => {
    const dial = parser.parse(answerTwiml({ publicUrl: PUBLIC_URL, callId: "L.E.1", leg })).Response.Dial;
    expect(dial["@_record"]).toBeUndefined();
  });

  it("a recorded call without a voice leg asks the Calls API to record it (Record, dual channels, callback)", async () => {
    let form: URLSearchParams | undefined;
    const provider = twilioTelephony({
      accountSid: "AC1",
      authToken: "t",
      from: "+15005550006",
      publicUrl: PUBLIC_URL,
      fetch: (async (_url: string, init?: RequestInit) => {
        form = new URLSearchParams(String(init?.body));
        return new Response(JSON.stringify({ sid: "CA1", status: "queued" }), { status: 201, headers: { "content-type": "application/json" } });
      }) as typeof fetch,
    });
    await provider.placeCall({ callId: "c-1", to: "+15551234567", ringTimeoutSeconds: 20, record: {} });
    expect(form?.get("Record")).toBe("true");
    expect(form?.get("RecordingChannels")).toBe("dual");
    expect(form?.get("RecordingStatusCallback")).toBe(`${PUBLIC_URL}/v1/telephony/twilio/recording?callId=c-1`);
  });
});

describe("links to a recording", () => {
  it("S3: a presigned GET valid for the asked seconds, SigV4-signed, with the content type", async () => {
    const store = new S3FileStore("files-bucket", { region: "eu-west-1", credentials: async () => ({ accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret", sessionToken: "session" }) });
    const url = new URL(await store.downloadUrl("recordings/01HZ.wav", 300, { contentType: "audio/wav" }));
    expect(url.origin + url.pathname).toBe("https://s3.eu-west-1.amazonaws.com/files-bucket/recordings/01HZ.wav");
    expect(url.searchParams.get("X-Amz-Expires")).toBe("300");
    expect(url.searchParams.get("X-Amz-Algorithm")).toBe("AWS4-HMAC-SHA256");
    expect(url.searchParams.get("X-Amz-Signature")).toMatch(/^[0-9a-f]{64}$/);
    expect(url.searchParams.get("X-Amz-Security-Token")).toBe("session");
    expect(url.searchParams.get("response-content-type")).toBe("audio/wav");
  });

  it("local: an HMAC link for one key that stops working at its expiry", async () => {
    const store = new LocalFileStore("/tmp/never-written", { baseUrl: "http://localhost:3000/local-files", secret: "s" });
    const url = new URL(await store.downloadUrl("recordings/01HZ.wav", 300));
    const expires = url.searchParams.get("expires")!;
    const signature = url.searchParams.get("signature")!;
    expect(Number(expires) * 1000 - Date.now()).toBeLessThanOrEqual(300_000);
    expect(verifyLocalFileLink("s", "recordings/01HZ.wav", expires, signature)).toBe(true);
    expect(verifyLocalFileLink("s", "recordings/other.wav", expires, signature)).toBe(false);
    expect(verifyLocalFileLink("other", "recordings/01HZ.wav", expires, signature)).toBe(false);
    expect(verifyLocalFileLink("s", "recordings/01HZ.wav", expires, signature, (Number(expires) + 1) * 1000)).toBe(false);
  });
});
