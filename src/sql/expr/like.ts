// LIKE matching: % any run, _ one character, with an escape character (default backslash).
// Patterns compile to anchored regular expressions, cached per pattern text.

const CACHE_LIMIT = 256;

export type LikeMatcher = (text: string, pattern: string, escape: string) => boolean;

export function likeToRegExp(pattern: string, escape: string, caseInsensitive: boolean): RegExp {
  let source = '^';
  const chars = Array.from(pattern);
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (c === escape && i + 1 < chars.length) {
      source += escapeRegExp(chars[++i]!);
    } else if (c === '%') source += '.*';
    else if (c === '_') source += '.';
    else source += escapeRegExp(c);
  }
  return new RegExp(source + '$', caseInsensitive ? 'isu' : 'su');
}

function escapeRegExp(c: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(c) ? '\\' + c : c;
}

export function likeMatcher(caseInsensitive: boolean): LikeMatcher {
  const cache = new Map<string, RegExp>();
  return (text, pattern, escape) => {
    const key = escape + '\u0000' + pattern;
    let regex = cache.get(key);
    if (!regex) {
      regex = likeToRegExp(pattern, escape, caseInsensitive);
      if (cache.size >= CACHE_LIMIT) cache.clear();
      cache.set(key, regex);
    }
    return regex.test(text);
  };
}
