import { useLayoutEffect, useRef, useState, type KeyboardEvent, type ReactNode, type TextareaHTMLAttributes } from "react";
import { useTranslation } from "react-i18next";
import type { Colleague } from "../../../api/types";
import { currentLanguage } from "../../../i18n";

/**
 * Mentions in comments. The API takes `@<userId>` in the text (core/timeline: a ULID after `@`)
 * and lists the IDs in `mentions`. People type `@` and pick a name; the box shows `@Name`, and
 * `toWire` swaps each picked name for its ID when the comment is sent.
 */

export interface Mention {
  userId: string;
  label: string;
}

const MAX_CHOICES = 8;
const mentionPattern = /@([0-9A-HJKMNP-TV-Z]{26})\b/g;

const labelOf = (user: Colleague) => user.name || user.email;

/** The text as the API expects it: every `@Label` of a picked user becomes `@<userId>`. */
export function toWire(text: string, picked: readonly Mention[]): string {
  // Longest labels first, so "@Olga Sales" is not taken for "@Olga" + " Sales".
  const byLength = [...picked].sort((a, b) => b.label.length - a.label.length);
  return byLength.reduce((result, mention) => result.split(`@${mention.label}`).join(`@${mention.userId}`), text);
}

/** A comment's text with its mentions as highlighted names (IDs the API did not list stay text). */
export function MentionText({ text, mentions, nameOf }: { text: string; mentions: readonly string[] | undefined; nameOf: (id: string) => string }) {
  if (!mentions?.length) return <>{text}</>;
  const parts: ReactNode[] = [];
  let last = 0;
  for (const match of text.matchAll(mentionPattern)) {
    const userId = match[1]!;
    if (!mentions.includes(userId)) continue;
    parts.push(text.slice(last, match.index));
    parts.push(
      <mark key={`${match.index}`} className="mention" data-testid="mention" data-user-id={userId}>
        @{nameOf(userId)}
      </mark>,
    );
    last = match.index + match[0].length;
  }
  parts.push(text.slice(last));
  return <>{parts}</>;
}

/** The `@query` being typed just before the caret, if any. */
function openQuery(text: string, caret: number): { start: number; query: string } | undefined {
  const match = /(^|\s)@([^\s@][^\n@]{0,39}|)$/.exec(text.slice(0, caret));
  if (!match) return undefined;
  return { start: match.index + match[1]!.length, query: match[2]! };
}

function matches(user: Colleague, query: string): boolean {
  const wanted = query.trim().toLowerCase();
  if (!wanted) return true;
  const label = labelOf(user).toLowerCase();
  return label.startsWith(wanted) || label.split(/\s+/).some((word) => word.startsWith(wanted)) || user.email.toLowerCase().startsWith(wanted);
}

type TextareaProps = Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "value" | "onChange">;

/**
 * A textarea that opens a picker of `users` on `@`: arrows move, Enter or Tab picks, Escape
 * closes; a click picks too. `onPick` records who was picked (for `toWire`).
 */
export function MentionTextarea({
  value,
  onChange,
  users,
  onPick,
  ...rest
}: TextareaProps & { id: string; value: string; onChange: (text: string) => void; users: readonly Colleague[]; onPick: (mention: Mention) => void }) {
  const { t } = useTranslation();
  const box = useRef<HTMLTextAreaElement>(null);
  /** Where the caret goes once the text with a picked name is on screen (and the text it goes in). */
  const caretAfterPick = useRef<{ text: string; at: number } | undefined>(undefined);
  // Before the browser takes the next key: a caret placed a frame later let a fast typist's
  // first letter land before it ("bout it.a").
  useLayoutEffect(() => {
    const pending = caretAfterPick.current;
    if (!pending || !box.current) return;
    caretAfterPick.current = undefined;
    if (box.current.value !== pending.text) return;
    box.current.focus();
    box.current.setSelectionRange(pending.at, pending.at);
  }, [value]);
  const [open, setOpen] = useState<{ start: number; query: string }>();
  const [active, setActive] = useState(0);
  const listId = `${rest.id}-mentions`;

  const choices = open
    ? users
        // Deactivated users cannot sign in to read a mention: not offered.
        .filter((user) => user.active && matches(user, open.query))
        .sort((a, b) => labelOf(a).localeCompare(labelOf(b), currentLanguage()))
        .slice(0, MAX_CHOICES)
    : [];
  const showing = open !== undefined && choices.length > 0;

  const track = (text: string, caret: number) => {
    const next = openQuery(text, caret);
    setOpen(next);
    if (next?.query !== open?.query) setActive(0);
  };

  const pick = (user: Colleague) => {
    if (!open) return;
    const label = labelOf(user);
    const caret = box.current?.selectionStart ?? value.length;
    const inserted = `@${label} `;
    const text = value.slice(0, open.start) + inserted + value.slice(caret);
    caretAfterPick.current = { text, at: open.start + inserted.length };
    onChange(text);
    onPick({ userId: user.userId, label });
    setOpen(undefined);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (!showing) return;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      const step = event.key === "ArrowDown" ? 1 : -1;
      setActive((index) => (index + step + choices.length) % choices.length);
    } else if (event.key === "Enter" || event.key === "Tab") {
      event.preventDefault();
      pick(choices[Math.min(active, choices.length - 1)]!);
    } else if (event.key === "Escape") {
      event.preventDefault();
      setOpen(undefined);
    }
  };

  return (
    <div className="mention-box">
      <textarea
        {...rest}
        ref={box}
        value={value}
        aria-autocomplete="list"
        aria-expanded={showing}
        aria-controls={showing ? listId : undefined}
        aria-activedescendant={showing ? `${listId}-${Math.min(active, choices.length - 1)}` : undefined}
        onChange={(event) => {
          onChange(event.target.value);
          track(event.target.value, event.target.selectionStart);
        }}
        onKeyDown={onKeyDown}
        onClick={(event) => track(event.currentTarget.value, event.currentTarget.selectionStart)}
        onBlur={() => setOpen(undefined)}
      />
      {showing ? (
        <ul className="picker mention-picker" role="listbox" id={listId} aria-label={t("timeline:mentionPicker")} data-testid="mention-picker">
          {choices.map((user, index) => (
            <li
              key={user.userId}
              id={`${listId}-${index}`}
              role="option"
              aria-selected={index === active}
              onMouseEnter={() => setActive(index)}
              // mousedown, not click: picking happens before the textarea's blur closes the list.
              onMouseDown={(event) => {
                event.preventDefault();
                pick(user);
              }}
            >
              {labelOf(user)}
              {user.name ? <span className="muted"> · {user.email}</span> : null}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
