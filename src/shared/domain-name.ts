/**
 * The service's domain name rules ("lowercase only", docs/product-rules.md), shared by
 * the sandbox, the main process and the Add Domain dialog so every layer says the same thing.
 */

export const MAX_DOMAIN_LENGTH = 253;
export const MAX_LABEL_LENGTH = 63;

export type DomainNameCheck = { ok: true; name: string } | { ok: false; message: string };

const LABEL = /^[a-z0-9-]+$/;

/** Checks a name exactly as the service does; never changes it. */
export function validateDomainName(name: string): DomainNameCheck {
  if (name.length === 0) return { ok: false, message: 'Enter a domain name, such as example.com.' };
  // First, so an overlong name is never echoed back (an API body may carry tens of kilobytes).
  if (name.length > MAX_DOMAIN_LENGTH) {
    return {
      ok: false,
      message: `Too long: a domain name is at most ${MAX_DOMAIN_LENGTH} characters; this one has ${name.length}.${/[A-Z]/.test(name) ? ' Domain names are also entered in lowercase only.' : ''}`,
    };
  }
  if (/[A-Z]/.test(name)) {
    return {
      ok: false,
      message: `Domain names are entered in lowercase only: use ${name.toLowerCase()}.`,
    };
  }
  if (/\s/.test(name)) return { ok: false, message: 'A domain name cannot contain spaces.' };
  const labels = name.split('.');
  if (labels.length < 2) {
    return {
      ok: false,
      message: `"${name}" is a single label: a domain needs at least two, such as ${name || 'example'}.com.`,
    };
  }
  for (const label of labels) {
    if (label.length === 0) {
      return {
        ok: false,
        message:
          'A domain name cannot have empty labels (two dots in a row, or a dot at either end).',
      };
    }
    if (label.length > MAX_LABEL_LENGTH) {
      return {
        ok: false,
        message: `The label "${label.slice(0, 20)}…" has ${label.length} characters; each label is at most ${MAX_LABEL_LENGTH}.`,
      };
    }
    if (!LABEL.test(label)) {
      const bad = [...label].find((c) => !/[a-z0-9-]/.test(c)) ?? '';
      const what = bad === '_' ? 'underscores' : `"${bad}"`;
      return {
        ok: false,
        message: `Domain names use lowercase letters, digits, hyphens and dots only; ${what} is not allowed (in "${label}").`,
      };
    }
    if (label.startsWith('-') || label.endsWith('-')) {
      return { ok: false, message: `The label "${label}" cannot start or end with a hyphen.` };
    }
  }
  if (/^\d+$/.test(labels.at(-1) ?? '')) {
    return {
      ok: false,
      message: /^\d+(\.\d+){3}$/.test(name)
        ? 'That is an IP address: enter the domain name you send from.'
        : 'The top-level label cannot be all digits.',
    };
  }
  return { ok: true, name };
}

export type DomainInputAnalysis =
  | { state: 'empty' }
  | { state: 'valid'; name: string; unicode?: string }
  | { state: 'invalid'; message: string; suggestion?: string; unicode?: string };

/**
 * What the Add Domain dialog makes of what a user typed or pasted: trimmed, a pasted URL or a trailing
 * dot recognised, an internationalised name shown with its punycode form, and a one-click suggestion
 * where a clean name can be derived. Nothing here is sent anywhere.
 */
export function analyzeDomainInput(raw: string): DomainInputAnalysis {
  const input = raw.trim();
  if (input === '') return { state: 'empty' };
  const direct = validateDomainName(input);
  if (direct.ok) return { state: 'valid', name: input };

  const candidate = cleanCandidate(input);
  const unicode =
    candidate && candidate.ascii !== candidate.display ? candidate.display : undefined;
  // An internationalised name typed as it is read (in lowercase, nothing around it) is a valid
  // name: it is registered in its punycode form, which the dialog shows. Not an error to fix.
  if (
    candidate &&
    unicode === input &&
    /[^\x20-\x7e]/.test(input) &&
    validateDomainName(candidate.ascii).ok
  ) {
    return { state: 'valid', name: candidate.ascii, unicode };
  }
  if (candidate && candidate.ascii !== input && validateDomainName(candidate.ascii).ok) {
    return {
      state: 'invalid',
      message: explain(input, candidate.ascii),
      suggestion: candidate.ascii,
      ...(unicode ? { unicode } : {}),
    };
  }
  return { state: 'invalid', message: direct.message };
}

function explain(input: string, suggestion: string): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(input) || /[/?#]/.test(input)) {
    return `That looks like a web address; the domain is ${suggestion}.`;
  }
  if (/[^\x20-\x7e]/.test(input)) {
    return `Internationalised names are registered in their punycode form: ${suggestion}.`;
  }
  if (/[A-Z]/.test(input)) {
    return `Domain names are entered in lowercase only: use ${suggestion}.`;
  }
  if (input.endsWith('.')) return `Leave out the trailing dot: use ${suggestion}.`;
  return `Did you mean ${suggestion}?`;
}

/** Extracts a host name from a URL-ish or decorated input; ASCII (punycode) plus the display form. */
function cleanCandidate(input: string): { ascii: string; display: string } | null {
  let host = input;
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(host) ? host : null;
  try {
    const url = new URL(withScheme ?? `http://${host}`);
    if (url.hostname === '') return null;
    host = url.hostname;
  } catch {
    return null;
  }
  host = host.replace(/\.+$/, '');
  if (host === '' || /^\[|^\d+(\.\d+){3}$/.test(host)) return null;
  const display = withScheme ? host : input.replace(/[/?#:].*$/, '').replace(/\.+$/, '');
  return { ascii: host.toLowerCase(), display: display.toLowerCase() };
}
