/**
 * The DNS engine's messages and fixes, laid out for reading and copying. Pure, so the layout is
 * tested without a browser. See docs/diagnostics.md for the catalogue of what they say.
 */

export type Segment = { text: string } | { value: string };

/** Where a fix gives a value to type or paste: what follows one of these, up to the full stop. */
const VALUE_AFTER = [
  /value: /g,
  /\bwith: /g,
  /To keep: /g,
  /tighten the policy: /g,
  /remove the quote characters: /g,
  /single SPF record at \S+ \([^)]*\): /g,
];

/**
 * The values a fix asks to publish, where they start and end in it: each runs from its lead-in
 * ("value: ", "Replace it with: " …) to the full stop that ends the sentence, or the long-value
 * note that follows it (" (2048 characters: …)").
 */
function valueSpans(fix: string): { start: number; end: number }[] {
  const spans: { start: number; end: number }[] = [];
  for (const pattern of VALUE_AFTER) {
    for (const match of fix.matchAll(pattern)) {
      const start = match.index + match[0].length;
      const rest = fix.slice(start);
      const stop = /\.(?:\s|$)| \(\d[\d,]* characters/.exec(rest);
      const end = start + (stop ? stop.index : rest.length);
      if (end > start) spans.push({ start, end });
    }
  }
  return spans
    .sort((a, b) => a.start - b.start)
    .filter((span, i, all) => i === 0 || span.start >= (all[i - 1]?.end ?? 0));
}

/** A fix as text with its values apart: each value is shown as code, with its own Copy button. */
export function fixSegments(fix: string): Segment[] {
  const segments: Segment[] = [];
  let at = 0;
  for (const { start, end } of valueSpans(fix)) {
    if (start > at) segments.push({ text: fix.slice(at, start) });
    segments.push({ value: fix.slice(start, end) });
    at = end;
  }
  if (at < fix.length) segments.push({ text: fix.slice(at) });
  return segments;
}

/**
 * A fix as its steps: one per sentence, so two instructions (two DMARC records to fix, a record
 * and then the wait for resolvers) never run together. A value is never split, whatever it holds.
 */
export function fixSteps(fix: string): Segment[][] {
  const steps: Segment[][] = [[]];
  for (const segment of fixSegments(fix)) {
    if ('value' in segment) {
      steps.at(-1)?.push(segment);
      continue;
    }
    const sentences = segment.text.split(/(?<=[.!?])\s+(?=[A-Z])/);
    sentences.forEach((sentence, i) => {
      if (i > 0) steps.push([]);
      if (sentence !== '') steps.at(-1)?.push({ text: sentence });
    });
  }
  return steps.filter((step) => step.some((s) => 'value' in s || s.text.trim() !== ''));
}

/** A text's sentences. */
export function sentences(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+(?=[A-Z])/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * The sentences that several records' texts end with alike (the resolvers' catch-up, said of each
 * record): shown once for all of them rather than on every card.
 */
export function sharedSentences(texts: readonly string[]): string[] {
  const counts = new Map<string, number>();
  for (const text of texts) {
    for (const sentence of new Set(sentences(text))) {
      counts.set(sentence, (counts.get(sentence) ?? 0) + 1);
    }
  }
  return [...counts].filter(([, n]) => n >= 2).map(([sentence]) => sentence);
}

/** A text without the sentences said once for all records. */
export function withoutShared(text: string, shared: readonly string[]): string {
  if (shared.length === 0) return text;
  return sentences(text)
    .filter((s) => !shared.includes(s))
    .join(' ');
}
