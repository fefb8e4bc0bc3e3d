import type { SignInLanguage } from "./sign-in-language";

/** Every text of the issuer's sign-in pages, per language (the console's words: docs/glossary.md). */
export interface SignInTexts {
  title: string;
  heading: string;
  email: string;
  password: string;
  submit: string;
  wrongPassword: string;
  deactivated: string;
  tooManyAttempts: (wait: { seconds?: number; minutes?: number }) => string;
  errorTitle: string;
  errorHeading: string;
  invalidLink: string;
}

const plural = (language: SignInLanguage, count: number, forms: Partial<Record<Intl.LDMLPluralRule, string>> & { other: string }) =>
  (forms[new Intl.PluralRules(language).select(count)] ?? forms.other).replace("#", String(count));

export const signInTexts: Record<SignInLanguage, SignInTexts> = {
  en: {
    title: "Sign in · Callboard",
    heading: "Sign in to Callboard",
    email: "Email",
    password: "Password",
    submit: "Sign in",
    wrongPassword: "Wrong email or password.",
    deactivated: "This account is deactivated. Ask an administrator.",
    tooManyAttempts: ({ seconds, minutes }) =>
      `Too many attempts. Try again in ${seconds !== undefined ? plural("en", seconds, { one: "# second", other: "# seconds" }) : plural("en", minutes ?? 1, { one: "# minute", other: "# minutes" })}.`,
    errorTitle: "Sign-in error · Callboard",
    errorHeading: "Cannot sign in",
    invalidLink: "This sign-in link is not valid: the application or its return address is not registered. Open the console and sign in from there.",
  },
  ru: {
    title: "Вход · Callboard",
    heading: "Вход в Callboard",
    email: "Эл. почта",
    password: "Пароль",
    submit: "Войти",
    wrongPassword: "Неверная эл. почта или пароль.",
    deactivated: "Эта учётная запись отключена. Обратитесь к администратору.",
    tooManyAttempts: ({ seconds, minutes }) =>
      `Слишком много попыток. Попробуйте снова через ${
        seconds !== undefined
          ? plural("ru", seconds, { one: "# секунду", few: "# секунды", many: "# секунд", other: "# секунды" })
          : plural("ru", minutes ?? 1, { one: "# минуту", few: "# минуты", many: "# минут", other: "# минуты" })
      }.`,
    errorTitle: "Ошибка входа · Callboard",
    errorHeading: "Войти не удалось",
    invalidLink: "Эта ссылка для входа недействительна: приложение или его адрес возврата не зарегистрированы. Откройте консоль и войдите оттуда.",
  },
  ro: {
    title: "Autentificare · Callboard",
    heading: "Autentificare în Callboard",
    email: "E-mail",
    password: "Parolă",
    submit: "Autentificare",
    wrongPassword: "E-mail sau parolă greșită.",
    deactivated: "Acest cont este dezactivat. Adresați-vă unui administrator.",
    tooManyAttempts: ({ seconds, minutes }) =>
      `Prea multe încercări. Încercați din nou peste ${
        seconds !== undefined
          ? plural("ro", seconds, { one: "# secundă", few: "# secunde", other: "# de secunde" })
          : plural("ro", minutes ?? 1, { one: "# minut", few: "# minute", other: "# de minute" })
      }.`,
    errorTitle: "Eroare de autentificare · Callboard",
    errorHeading: "Autentificarea nu este posibilă",
    invalidLink: "Acest link de autentificare nu este valid: aplicația sau adresa ei de întoarcere nu este înregistrată. Deschideți consola și autentificați-vă de acolo.",
  },
};
