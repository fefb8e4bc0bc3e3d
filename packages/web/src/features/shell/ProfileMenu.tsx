import { useTranslation } from "react-i18next";
import { api } from "../../api/client";
import type { Me } from "../../api/types";
import { languageNames, languages, switchLanguage, type Language } from "../../i18n";
import { useDisclosure } from "./useDisclosure";

/** The profile menu's language choice: saved on the user (PATCH /v1/me), applied at once. */
export function LanguagePicker() {
  const { t, i18n } = useTranslation();
  const choose = async (language: Language) => {
    await switchLanguage(language);
    await api.updateMe({ language }).catch(() => undefined);
  };
  return (
    <label className="field language-picker">
      <span>{t("shell:language")}</span>
      <select value={i18n.language} onChange={(event) => void choose(event.target.value as Language)} data-testid="language-picker">
        {languages.map((language) => (
          <option key={language} value={language} lang={language}>
            {languageNames[language]}
          </option>
        ))}
      </select>
    </label>
  );
}

/** Who is signed in (name and role on the button), their language and Sign out. */
export function ProfileMenu({ user, onSignOut }: { user: Me; onSignOut: () => void }) {
  const { t } = useTranslation();
  const { open, buttonProps, panelProps } = useDisclosure<HTMLButtonElement, HTMLDivElement>();
  const name = user.name || user.email;
  const role = t(`common:role.${user.role}`);
  return (
    <div className="profile">
      <button type="button" className="button button-ghost profile-button" data-testid="current-user" title={user.email} {...buttonProps}>
        <span className="avatar" aria-hidden="true">
          {name.slice(0, 1).toUpperCase()}
        </span>
        <span className="who-name">{name}</span>
        <span className="badge">{role}</span>
      </button>
      {open ? (
        <div className="profile-panel card" role="group" aria-label={t("shell:profile.menu")} data-testid="profile-menu" {...panelProps}>
          <p className="profile-who">
            <strong>{t("shell:profile.signedInAs", { name })}</strong>
            <span className="muted">{user.email}</span>
            <span>{t("shell:profile.role", { role })}</span>
          </p>
          <LanguagePicker />
          <button type="button" className="button" data-testid="sign-out" onClick={onSignOut}>
            {t("shell:profile.signOut")}
          </button>
        </div>
      ) : null}
    </div>
  );
}
