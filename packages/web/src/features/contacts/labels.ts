import { t } from "../../i18n";

/**
 * The API's enum values in the user's language. Every value has a key in each catalog
 * (`contacts:source.*`, `contacts:type.*`, `contacts:phoneType.*`, `contacts:method.*`); an unknown
 * value still shows (i18next records it in `window.__missingTranslations` for the browser tests).
 */
export const sourceLabel = (kind: string) => t(`contacts:source.${kind}`, { defaultValue: kind });
export const contactTypeLabel = (type: string) => t(`contacts:type.${type}`, { defaultValue: type });
export const phoneTypeLabel = (type: string) => t(`contacts:phoneType.${type}`, { defaultValue: type });
export const contactMethodLabel = (method: string) => t(`contacts:method.${method}`, { defaultValue: method });
export const sharingLabel = (sharing: string) => t(`contacts:sharing.${sharing}`, { defaultValue: sharing });
export const yesNo = (value: boolean) => (value ? t("common:action.yes") : t("common:action.no"));

export const SOURCES = ["manual", "call", "chat", "telegram", "vk", "form", "import", "api"] as const;
export const CONTACT_TYPES = ["client", "lead", "partner", "supplier", "competitor", "other"] as const;
