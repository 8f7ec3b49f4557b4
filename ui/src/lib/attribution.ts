// Checks the form makes on attribution fields before the core sees them.

/** An original URL must be an absolute http(s) address with a host; empty is allowed (no URL). */
export function isWebUrl(value: string): boolean {
  const v = value.trim();
  if (v === '') return true;
  if (/\s/.test(v)) return false;
  try {
    const url = new URL(v);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}
