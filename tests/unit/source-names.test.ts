import { describe, expect, it } from "vitest";
import { sourceName } from "../../packages/core/src/contacts/naming";

// Issue 19: automatic contact names in the organization's language (amoCRM: «Новый контакт по звонку с …»).
describe("sourceName in the organization's language", () => {
  it("names a call's contact in Russian, Romanian and English", () => {
    expect(sourceName({ kind: "call", phone: "+79161234567" }, "ru")).toBe("Новый контакт по звонку с +79161234567");
    expect(sourceName({ kind: "call", phone: "+37369123456" }, "ro")).toBe("Contact nou din apelul de la +37369123456");
    expect(sourceName({ kind: "call", phone: "+79161234567" }, "en")).toBe("New contact by call from +79161234567");
  });

  it("names chats, forms and imports in each language, English by default as before", () => {
    expect(sourceName({ kind: "telegram", name: "Anna" }, "ru")).toBe("Запрос от «Anna»");
    expect(sourceName({ kind: "vk" }, "ru")).toBe("Новый контакт из ВКонтакте");
    expect(sourceName({ kind: "form", email: "a@b.md", formName: "Ofertă" }, "ro")).toBe("Contact nou «a@b.md» din formularul web «Ofertă»");
    expect(sourceName({ kind: "import", fileName: "leads.csv" }, "ru")).toBe("Импортирован из «leads.csv»");
    expect(sourceName({ kind: "chat" })).toBe("New contact from the web chat");
    expect(sourceName({ kind: "form" })).toBe("New contact from the web form");
  });
});
