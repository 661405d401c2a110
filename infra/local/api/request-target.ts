import { MalformedPathError } from './errors.js';

/**
 * The path of a request target (`/v1/top/x?window=latest` → `/v1/top/x`), checked once before
 * routing: it must be origin-form (start with `/`; `*` and absolute URLs name no route here),
 * and every percent-escape in it must decode to UTF-8, since route parameters are handed to the
 * functions decoded. `/v1/top/%E0%A4%A` is therefore a 400, not a crash in the middle of routing.
 * The query string is left to the functions, which read it with `URLSearchParams` (lenient).
 */
export function requestPath(target: string): string {
  const path = target.split('?', 1)[0] as string;
  if (!path.startsWith('/')) throw new MalformedPathError(`request target ${quoted(target)} is not a path`);
  decodedPath(path);
  return path;
}

/** `text` percent-decoded; throws `MalformedPathError` when an escape is malformed or not UTF-8. */
export function decodedPath(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch (error) {
    throw new MalformedPathError(`path ${quoted(text)} is not valid percent-encoded UTF-8`, { cause: error });
  }
}

/** The client's text quoted for an error message, cut short. */
function quoted(text: string): string {
  return JSON.stringify(text.length > 100 ? `${text.slice(0, 100)}…` : text);
}
