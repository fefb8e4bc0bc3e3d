// The uploaded CSV of an import, read and parsed once per process.
import { ConflictError } from "../errors";
import { useFiles } from "../files";
import { parseFile, type ParsedFile } from "./csv";

// One parsed file per process: a job's chunks (local runner, a warm worker) reuse it.
const parsedCache = new Map<string, ParsedFile>();

/** The file as `upload` parsed it: the preview and the first chunk need not parse it again. */
export function rememberParsed(fileKey: string, parsed: ParsedFile): void {
  parsedCache.set(fileKey, parsed);
}

export async function loadFile(fileKey: string): Promise<ParsedFile> {
  const cached = parsedCache.get(fileKey);
  if (cached) return cached;
  const bytes = await useFiles().get(fileKey);
  if (!bytes) throw new ConflictError("The file has not been uploaded yet.");
  const parsed = parseFile(bytes);
  parsedCache.clear();
  parsedCache.set(fileKey, parsed);
  return parsed;
}
