/**
 * The renderer's Content Security Policy, starting from `default-src 'none'`. The same policy is in
 * the meta tag of src/renderer/index.html (for the Electron window, loaded from a file) and in the
 * header browser mode sends; a unit test keeps the two equal.
 */
export const RENDERER_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');
