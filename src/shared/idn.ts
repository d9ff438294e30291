/**
 * Internationalised domain names as people read them. The service stores a name in its ASCII
 * (punycode) form, `xn--bcher-kva.example`; the window shows `bücher.example` beside it. Decoding
 * is RFC 3492's (Bootstring with punycode's parameters); browsers have no API for this direction
 * (URL only encodes). Zod-free, for the renderer.
 */

const BASE = 36;
const T_MIN = 1;
const T_MAX = 26;
const SKEW = 38;
const DAMP = 700;
const INITIAL_BIAS = 72;
const INITIAL_N = 128;
const MAX_CODE_POINT = 0x10ffff;

function adapt(delta: number, points: number, first: boolean): number {
  let d = first ? Math.floor(delta / DAMP) : delta >> 1;
  d += Math.floor(d / points);
  let k = 0;
  while (d > ((BASE - T_MIN) * T_MAX) >> 1) {
    d = Math.floor(d / (BASE - T_MIN));
    k += BASE;
  }
  return k + Math.floor(((BASE - T_MIN + 1) * d) / (d + SKEW));
}

function digit(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30 + 26;
  if (code >= 0x61 && code <= 0x7a) return code - 0x61;
  if (code >= 0x41 && code <= 0x5a) return code - 0x41;
  return BASE;
}

/** One punycode label (without `xn--`) decoded; null when it is not valid punycode. */
export function decodePunycode(input: string): string | null {
  const split = input.lastIndexOf('-');
  const output = [...(split > 0 ? input.slice(0, split) : '')].map((c) => c.codePointAt(0) ?? 0);
  if (output.some((c) => c >= 0x80)) return null;
  let n = INITIAL_N;
  let bias = INITIAL_BIAS;
  let i = 0;
  for (let index = split > 0 ? split + 1 : 0; index < input.length;) {
    const old = i;
    for (let w = 1, k = BASE; ; k += BASE) {
      if (index >= input.length) return null;
      const d = digit(input.charCodeAt(index++));
      if (d >= BASE) return null;
      i += d * w;
      const t = k <= bias ? T_MIN : k >= bias + T_MAX ? T_MAX : k - bias;
      if (d < t) break;
      w *= BASE - t;
      if (!Number.isSafeInteger(i) || !Number.isSafeInteger(w)) return null;
    }
    bias = adapt(i - old, output.length + 1, old === 0);
    n += Math.floor(i / (output.length + 1));
    if (n > MAX_CODE_POINT) return null;
    i %= output.length + 1;
    output.splice(i, 0, n);
    i += 1;
  }
  try {
    return String.fromCodePoint(...output);
  } catch {
    return null;
  }
}

/** A domain name with each `xn--` label decoded; the name itself when none is, or one is bad. */
export function toUnicodeName(name: string): string {
  if (!name.includes('xn--')) return name;
  const labels = name.split('.').map((label) => {
    if (!label.toLowerCase().startsWith('xn--')) return label;
    const decoded = decodePunycode(label.slice(4));
    // An A-label always stands for something beyond ASCII; anything else is not one.
    return decoded && /[^\x20-\x7e]/.test(decoded) ? decoded : null;
  });
  return labels.some((l) => l === null) ? name : labels.join('.');
}
