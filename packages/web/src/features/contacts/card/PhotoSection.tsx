import { ErrorMessage } from "../../../components";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, ApiError } from "../../../api/client";
import type { Contact } from "../../../api/types";
import { fieldErrorsOf, FieldMessages } from "../../../form";

/** The API's limit (core/contacts/photo.ts MAX_PHOTO_BYTES): 1 MB. */
const MAX_PHOTO_BYTES = 1024 * 1024;
import { SectionFrame } from "../../cards/SectionFrame";

/**
 * Object URL of a contact's photo. The photo route needs the bearer token, so the bytes are
 * fetched and shown from memory; `version` (the photo's updatedAt) refetches after a change.
 */
export function usePhotoUrl(contactId: string, version: string | undefined): string | undefined {
  const [url, setUrl] = useState<string>();
  useEffect(() => {
    if (!version) {
      setUrl(undefined);
      return;
    }
    let current = true;
    let created: string | undefined;
    api.photo(contactId).then(
      (blob) => {
        if (!current) return;
        created = URL.createObjectURL(blob);
        setUrl(created);
      },
      () => current && setUrl(undefined),
    );
    return () => {
      current = false;
      if (created) URL.revokeObjectURL(created);
    };
  }, [contactId, version]);
  return url;
}

/** Initials for a contact without a photo. */
export function initialsOf(name: string): string {
  const words = name.split(/\s+/).filter((word) => /\p{L}/u.test(word));
  return (words.slice(0, 2).map((word) => [...word][0]!.toUpperCase()).join("") || "?").slice(0, 2);
}

/**
 * Upload (`PUT /v1/contacts/{id}/photo`, 1 MB, images only: the API decides by the bytes), replace
 * and remove. `onChanged` gets the contact as saved.
 */
export function PhotoSection({ contact, onChanged }: { contact: Contact; onChanged: (contact: Contact, etag: string | null) => void }) {
  const { t } = useTranslation();
  const url = usePhotoUrl(contact.contactId, contact.photo?.updatedAt);
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState<"uploading" | "removing">();
  const [failure, setFailure] = useState<unknown>();
  /** The size of the file the failure answered: the API's reasons are English, so the console says which rule failed. */
  const [failedSize, setFailedSize] = useState(0);
  const rejected = Boolean(fieldErrorsOf(failure).body) || (failure instanceof ApiError && failure.status === 413);
  const bodyMessages = rejected ? [failedSize > MAX_PHOTO_BYTES ? t("contactCard:photo.tooLarge") : t("contactCard:photo.notImage")] : undefined;

  const upload = async (file: File | undefined) => {
    if (!file) return;
    setBusy("uploading");
    setFailure(undefined);
    try {
      const saved = await api.uploadPhoto(contact.contactId, file);
      onChanged(saved.contact, saved.etag);
    } catch (error) {
      setFailedSize(file.size);
      setFailure(error);
    } finally {
      setBusy(undefined);
      // The same file again is a change too (after a failure, say).
      if (input.current) input.current.value = "";
    }
  };
  const remove = async () => {
    setBusy("removing");
    setFailure(undefined);
    try {
      await api.removePhoto(contact.contactId);
      const fresh = await api.getContact(contact.contactId);
      onChanged(fresh.contact, fresh.etag);
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <SectionFrame id="photo" title={t("contactCard:section.photo")} editing={false}>
      <div className="photo-row">
        {url ? (
          <img className="avatar avatar-large" src={url} alt={t("contactCard:photo.alt", { name: contact.displayName })} data-testid="contact-photo" />
        ) : (
          <span className="avatar avatar-large" aria-hidden="true" data-testid="contact-initials">
            {initialsOf(contact.displayName)}
          </span>
        )}
        <div className="field">
          <label htmlFor="photo-file">{contact.photo ? t("contactCard:photo.replace") : t("contactCard:photo.upload")}</label>
          <input
            ref={input}
            id="photo-file"
            type="file"
            accept="image/png,image/jpeg,image/webp,image/gif"
            disabled={busy !== undefined}
            aria-invalid={Boolean(bodyMessages)}
            aria-describedby={bodyMessages ? "photo-file-error" : "photo-file-hint"}
            onChange={(event) => void upload(event.target.files?.[0])}
          />
          <p className="hint" id="photo-file-hint">
            {t("contactCard:photo.hint")}
          </p>
          <FieldMessages id="photo-file-error" testId="error-photo" messages={bodyMessages} />
          {busy === "uploading" ? <p className="muted">{t("contactCard:photo.uploading")}</p> : null}
        </div>
      </div>
      {failure !== undefined && !bodyMessages ? <ErrorMessage error={failure} /> : null}
      {contact.photo ? (
        <div className="section-actions">
          <button type="button" className="button button-ghost" data-testid="remove-photo" disabled={busy !== undefined} onClick={() => void remove()}>
            {busy === "removing" ? t("contactCard:photo.removing") : t("contactCard:photo.remove")}
          </button>
        </div>
      ) : null}
    </SectionFrame>
  );
}
