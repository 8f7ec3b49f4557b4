// Text measures shared by the editor and its tests: 字数 as the portal counts it.

/** 字数: characters of the body, white space not counted (the core's Article::char_count). */
export function countChars(body: string): number {
  let n = 0;
  // for..of walks code points, so a character outside the BMP counts once, as in Rust's chars().
  for (const ch of body) {
    if (!/\p{White_Space}/u.test(ch)) n += 1;
  }
  return n;
}
