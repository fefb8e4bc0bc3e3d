/**
 * Why the softphone cannot take calls, when it knows: the bar says it in the user's language
 * (`softphone:problem.*`). No imports, so the mapping is checked without a browser
 * (tests/unit/softphone-problem.test.ts).
 */
export type PhoneProblem = "no-microphone" | "microphone-denied" | "signed-out";

/** Twilio's and the browser's microphone errors, and a session that ended (SignInRequired, 401/403), as a PhoneProblem. */
export function phoneProblemOf(error: unknown): PhoneProblem | undefined {
  const { code, name, status } = (error ?? {}) as { code?: unknown; name?: unknown; status?: unknown };
  if (name === "SignInRequired" || (name === "ApiError" && (status === 401 || status === 403))) return "signed-out";
  // Voice SDK 2: 31401 (and 1.x's 31208) permission denied; 31402 no input device could be opened.
  if (code === 31401 || code === 31208 || name === "NotAllowedError" || name === "PermissionDeniedError") return "microphone-denied";
  if (code === 31402 || name === "NotFoundError" || name === "NotReadableError" || name === "AcquisitionFailedError") return "no-microphone";
  return undefined;
}
