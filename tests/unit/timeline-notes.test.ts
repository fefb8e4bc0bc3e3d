import * as v from "valibot";
import { afterAll, describe, expect, it } from "vitest";
import { noteText } from "../../packages/core/src/timeline/notes";
import { NoteSchema, noteKinds, type NoteKind, type SystemNote } from "../../packages/core/src/timeline/note-schema";
import { skipReasons, subjectKinds } from "../../packages/core/src/call-lists/call-entry.entity";
import { systemNoteText } from "../../packages/web/src/features/cards/timeline/systemNotes";
import { switchLanguage, type Language } from "../../packages/web/src/i18n";

// Issue 19: the console says every kind of system note the server stores (core/timeline/notes.ts)
// in each language, with no ISO time, raw key or empty variable; in English it says what the
// server's own `text` says, so readers of either see the same sentence.
afterAll(() => switchLanguage("en", { remember: false }));

const list = { callListId: "01JLIST", callListName: "Spring promo" };
/** One note of every kind, as the server would store it. */
const samples: Record<NoteKind, SystemNote[]> = {
  "list-call": [
    { kind: "list-call", values: { ...list, outcome: "answered", attempt: 1, maxAttempts: 3, final: false } },
    { kind: "list-call", values: { ...list, outcome: "busy", attempt: 3, maxAttempts: 3, final: true } },
    { kind: "list-call", values: { ...list, outcome: "no-answer", attempt: 1, maxAttempts: 3, final: false, retryAt: "2026-12-09T07:00:00.000Z" } },
  ],
  "list-call-skipped": skipReasons.flatMap((reason) => subjectKinds.map((subject) => ({ kind: "list-call-skipped" as const, values: { ...list, reason, subject } }))),
  "list-call-abandoned": [true, false].map((willRetry) => ({ kind: "list-call-abandoned" as const, values: { ...list, willRetry } })),
  "list-call-disposition": [
    { kind: "list-call-disposition", values: { ...list, disposition: "interested", afterTimeout: false, note: "Spoke to reception" } },
    { kind: "list-call-disposition", values: { ...list, disposition: "no-disposition", afterTimeout: true } },
    { kind: "list-call-disposition", values: { ...list, disposition: "call-back", afterTimeout: false, callbackAt: "2026-12-05T14:30:00.000Z" } },
  ],
  "do-not-call-requested": [{ kind: "do-not-call-requested", values: list }],
  "added-to-call-list": [{ kind: "added-to-call-list", values: list }],
  "recording-deleted": [{ kind: "recording-deleted", values: { reason: "retention", callAt: "2026-01-05T10:00:00.000Z", deletedAt: "2026-12-05" } }],
  "outgoing-call": [
    { kind: "outgoing-call", values: { phone: "+74951112239", outcome: "answered", talkSeconds: 125, outsideCallWindow: true } },
    { kind: "outgoing-call", values: { phone: "+37369123456", outcome: "machine", talkSeconds: 0, outsideCallWindow: false } },
  ],
  "inbound-call": [
    { kind: "inbound-call", values: { phone: "+74951112239", answered: true, durationSeconds: 45 } },
    { kind: "inbound-call", values: { phone: "+74951112239", answered: false } },
  ],
  "web-form-submitted": [{ kind: "web-form-submitted", values: { formId: "01JFORM", formName: "Landing page" } }],
  "chat-message": [{ kind: "chat-message", values: { source: "telegram", handle: "@anna" } }],
  "contact-merged": [{ kind: "contact-merged", values: { otherContactId: "01JOTHER", otherName: "Anna Petrova" } }],
};
const all = Object.values(samples).flat();

/** Notes whose English sentence has no time, phone or duration: the console's English is the server's. */
const sameInEnglish = (note: SystemNote) =>
  !["outgoing-call", "inbound-call", "recording-deleted", "contact-merged", "chat-message"].includes(note.kind) && !("retryAt" in note.values) && !("callbackAt" in note.values);

describe("system notes in the console", () => {
  it("has a sample of every kind the server stores, each one the server accepts", () => {
    expect(Object.keys(samples).sort()).toEqual([...noteKinds].sort());
    for (const note of all) expect(v.safeParse(NoteSchema, note).success, JSON.stringify(note)).toBe(true);
  });

  for (const language of ["en", "ru", "ro"] satisfies Language[]) {
    it(`says every kind in ${language}: no raw key, empty variable, ISO time or E.164 number`, async () => {
      await switchLanguage(language, { remember: false });
      for (const note of all) {
        const text = systemNoteText(note);
        expect(text, JSON.stringify(note)).toBeTypeOf("string");
        expect(text).not.toMatch(/timeline:|\{\{|undefined|\d{4}-\d\d-\d\dT|\+7495/);
        expect(text).not.toMatch(/\(\s*\)|«»/);
      }
    });
  }

  it("says in English what the server's text says", async () => {
    await switchLanguage("en", { remember: false });
    for (const note of all.filter(sameInEnglish)) expect(systemNoteText(note)).toBe(noteText(note));
  });

  it("leaves a kind it does not know, or values it cannot read, to the stored text", () => {
    expect(systemNoteText({ kind: "from-the-future", values: { x: 1 } })).toBeUndefined();
    expect(systemNoteText({ kind: "list-call", values: { callListName: "A", outcome: "teleported", attempt: 1, maxAttempts: 2, final: false } })).toBeUndefined();
    expect(systemNoteText(undefined)).toBeUndefined();
  });
});
