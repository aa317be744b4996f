/**
 * Request bodies are decoded as UTF-8 only. A body declared in any other charset (UTF-7, UTF-16,
 * Latin-1, ...) is refused with 415 rather than misread.
 */

/** True when a Content-Type names no charset, or names UTF-8. */
export function isAcceptedCharset(contentType: string | undefined): boolean {
  if (!contentType) return true;
  const match = /;\s*charset\s*=\s*("?)([^";\s]*)\1/i.exec(contentType);
  if (!match) return true;
  const charset = (match[2] ?? '').toLowerCase();
  return charset === 'utf-8' || charset === 'utf8';
}
