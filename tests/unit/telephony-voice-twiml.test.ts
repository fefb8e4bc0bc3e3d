import { XMLParser } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { answerTwiml, decodeVoiceLeg, sorryTwiml, voicemailTwiml, type VoiceLegContext } from "../../packages/core/src/telephony/twiml";

/** TwiML parsed as XML (attributes as `@_name`), so the tests read the structure, not the text. */
const parser = new XMLParser({ ignoreAttributes: false, parseTagValue: false, parseAttributeValue: false, isArray: (name) => name === "Parameter" });
const parse = (twiml: string) => parser.parse(twiml) as { Response: Record<string, any> };

const PUBLIC_URL = "https://crm.example.com";
const leg: VoiceLegContext = {
  connectTo: { userId: "01HZUSER000000000000000000" },
  context: { listId: "01HZLIST000000000000000000", entryId: "01HZENTRY00000000000000000", attempt: 2, subjectName: "Anna & Boris <Ltd>" },
  voicemail: { text: "Hello from Acme" },
  companyName: "Acme",
};

describe("answer TwiML (the voice leg)", () => {
  it("dials the reserved operator's <Client> at once, with the entry as <Parameter>s and signed callbacks for its end and its leg", () => {
    const { Response } = parse(answerTwiml({ publicUrl: PUBLIC_URL, callId: "L.E.2", leg }));
    const dial = Response.Dial;
    expect(dial["@_timeout"]).toBe("5");
    expect(dial["@_answerOnBridge"]).toBe("true");
    const action = new URL(dial["@_action"]);
    expect(action.origin + action.pathname).toBe(`${PUBLIC_URL}/v1/telephony/twilio/dial-result`);
    expect(action.searchParams.get("callId")).toBe("L.E.2");
    expect(decodeVoiceLeg(action.searchParams.get("ctx"))).toEqual(leg);

    const client = dial.Client;
    expect(client.Identity).toBe("01HZUSER000000000000000000");
    const parameters = Object.fromEntries(client.Parameter.map((p: Record<string, string>) => [p["@_name"], p["@_value"]]));
    // Escaped in the XML, the exact name once parsed.
    expect(parameters).toEqual({ callId: "L.E.2", listId: leg.context!.listId, entryId: leg.context!.entryId, attempt: "2", name: "Anna & Boris <Ltd>" });
    expect(client["@_statusCallbackEvent"]).toBe("answered completed");
    expect(new URL(client["@_statusCallback"]).pathname).toBe("/v1/telephony/twilio/operator-status");
    // Nothing else runs before the operator: no <Say>, no <Pause> (the person is not kept waiting).
    expect(Object.keys(Response)).toEqual(["Dial"]);
  });

  it("bridges to the operator's own phone with <Dial><Number> and our caller ID when they set one", () => {
    const { Response } = parse(answerTwiml({ publicUrl: PUBLIC_URL, callId: "c1", leg: { ...leg, connectTo: { userId: "u1", phone: "+15557654321" } }, callerId: "+15005550006" }));
    expect(Response.Dial.Number["#text"] ?? Response.Dial.Number).toBe("+15557654321");
    expect(Response.Dial["@_callerId"]).toBe("+15005550006");
    expect(Response.Dial.Client).toBeUndefined();
    expect(Number(Response.Dial["@_timeout"])).toBeGreaterThan(5);
  });
});

describe("voicemail and sorry TwiML", () => {
  it("speaks the list's text, plays its audio, or just hangs up, and always hangs up after", () => {
    expect(parse(voicemailTwiml({ text: "Hi <there>" })).Response).toEqual({ Say: "Hi <there>", Hangup: "" });
    expect(parse(voicemailTwiml({ audioUrl: "https://files.example.com/vm.mp3?a=1&b=2" })).Response).toEqual({ Play: "https://files.example.com/vm.mp3?a=1&b=2", Hangup: "" });
    expect(parse(voicemailTwiml(undefined)).Response).toEqual({ Hangup: "" });
  });

  it("names the company in the short sorry message, then hangs up", () => {
    const { Response } = parse(sorryTwiml("Acme & Co"));
    expect(Response.Say).toContain("Acme & Co");
    expect(Response.Say.length).toBeLessThan(100);
    expect(Response.Hangup).toBe("");
  });

  it("refuses a context that is not ours", () => {
    expect(decodeVoiceLeg("not-base64-json")).toBeUndefined();
    expect(decodeVoiceLeg(Buffer.from(JSON.stringify({ connectTo: {} })).toString("base64url"))).toBeUndefined();
  });
});

describe("the recording announcement (Twilio AnnounceUrl)", () => {
  it("speaks the text in the organization's language, and nothing without a text (no Hangup: AnnounceUrl allows only Say, Play, Pause, Redirect)", async () => {
    const { announcementTwiml } = await import("../../packages/core/src/telephony/twiml");
    expect(parse(announcementTwiml("Apel <înregistrat>", "ro")).Response.Say).toEqual({ "#text": "Apel <înregistrat>", "@_language": "ro-RO", "@_voice": "Polly.Carmen" });
    expect(parse(announcementTwiml("May be recorded", "en")).Response.Say["@_language"]).toBe("en-US");
    expect(parse(announcementTwiml(undefined, "ru")).Response).toBe("");
  });
});
