// The errors a console call can end in: the API's problem+json answer, or a session that is gone.
import { t } from "../i18n";
import type { Problem } from "./types";

/** The API answered with an error; `problem` is its problem+json body (or a stand-in). */
export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail || problem.title);
    this.name = "ApiError";
  }
  get status(): number {
    return this.problem.status;
  }
}

/** The session is gone; the browser is already on its way to the sign-in page. */
export class SignInRequired extends Error {
  constructor() {
    super(t("shell:session.ended"));
    this.name = "SignInRequired";
  }
}
