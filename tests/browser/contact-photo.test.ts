import { crc32, deflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { useConsoleHost } from "../fixtures/browser";

/** A real PNG of one colour (so the browser can draw it), `padding` bytes of trailing data to make it big. */
function png(width: number, height: number, rgb: [number, number, number], padding = 0): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: width }, () => rgb).flat())]);
  const pixels = deflateSync(Buffer.concat(Array.from({ length: height }, () => row)));
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk("IHDR", header), chunk("IDAT", pixels), chunk("IEND", Buffer.alloc(0)), Buffer.alloc(padding)]);
}

describe("the contact photo in the console", () => {
  const site = useConsoleHost("photo");

  it("uploads, shows, replaces and removes a photo; refuses a too-big file and a non-image inline", async () => {
    site.diagnoseOnFailure("photo");
    // Prepare
    const { page, api } = site.admin;
    const created = await api("POST", "/v1/contacts", { firstName: "Olesya", lastName: "Photo" });
    const contactId: string = created.body.contactId;
    await page.goto(`${site.url}/contacts/${contactId}`);
    expect(await page.getByTestId("contact-initials").textContent()).toBe("OP");
    const fileInput = page.getByLabel("Upload a photo");
    const photoOf = async () => page.evaluate(async (id) => {
      const { access } = JSON.parse(sessionStorage.getItem("callboard.tokens") ?? "{}") as { access?: string };
      const response = await fetch(`/v1/contacts/${id}/photo`, { headers: { Authorization: `Bearer ${access}` } });
      return { status: response.status, type: response.headers.get("content-type"), size: (await response.arrayBuffer()).byteLength };
    }, contactId);

    // Act: a text file that claims to be a PNG.
    await fileInput.setInputFiles({ name: "notes.png", mimeType: "image/png", buffer: Buffer.from("These are meeting notes, not a picture.\n".repeat(4)) });
    // Assess: the API's words under the input; nothing stored.
    const error = page.getByTestId("error-photo");
    await expect.poll(() => error.textContent()).toBe("Not an image: send a PNG, JPEG, WebP or GIF.");
    expect(await fileInput.getAttribute("aria-invalid")).toBe("true");
    expect((await photoOf()).status).toBe(404);

    // Act: a real PNG over 1 MB.
    await fileInput.setInputFiles({ name: "huge.png", mimeType: "image/png", buffer: png(8, 8, [0, 0, 255], 1_100_000) });
    await expect.poll(() => error.textContent()).toBe("A photo is at most 1 MB.");
    expect((await photoOf()).status).toBe(404);
    expect((await api("GET", `/v1/contacts/${contactId}`)).body.version).toBe(1);

    // Act: a good photo.
    const red = png(16, 16, [220, 20, 20]);
    await fileInput.setInputFiles({ name: "red.png", mimeType: "image/png", buffer: red });
    // Assess: drawn on the card (a decoded 16×16 image), stored, the error gone.
    const image = page.getByTestId("contact-photo");
    await image.waitFor();
    await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(16);
    expect(await error.count()).toBe(0);
    expect(await photoOf()).toEqual({ status: 200, type: "image/png", size: red.length });
    expect((await api("GET", `/v1/contacts/${contactId}`)).body).toMatchObject({ version: 2, photo: { contentType: "image/png", size: red.length } });

    // Replace: a bigger picture takes its place.
    const blue = png(32, 32, [20, 20, 220]);
    await page.getByLabel("Replace the photo").setInputFiles({ name: "blue.png", mimeType: "image/png", buffer: blue });
    await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(32);
    expect(await photoOf()).toEqual({ status: 200, type: "image/png", size: blue.length });

    // Remove: initials again, and the photo is gone from the API.
    await page.getByTestId("remove-photo").click();
    await page.getByTestId("contact-initials").waitFor();
    expect((await photoOf()).status).toBe(404);
    const stored = (await api("GET", `/v1/contacts/${contactId}`)).body;
    expect(stored.photo).toBeUndefined();
    expect(stored.version).toBe(4);
  });
});
