// The system the window runs on, as the page can tell it: for shortcuts (⌘ or Ctrl) and for
// the font stack, which names only the fonts that system has.

export type Os = 'mac' | 'windows' | 'linux';

/** The system, from `navigator.platform` (the user agent only when a WebView leaves it empty). */
export function osOf(platform: string, userAgent: string = ''): Os {
  const said = platform || userAgent;
  if (/Mac|iPhone|iPad/.test(said)) return 'mac';
  if (/Win/.test(said)) return 'windows';
  return 'linux';
}

export const os: Os = typeof navigator === 'undefined' ? 'linux' : osOf(navigator.platform, navigator.userAgent);
