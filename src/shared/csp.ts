/**
 * The renderer's Content Security Policy, starting from `default-src 'none'`. The same policy is in
 * the meta tag of src/renderer/index.html (for the Electron window, loaded from a file) and in the
 * header browser mode sends; a unit test keeps the two equal.
 */
export const RENDERER_CSP = rendererCsp();

/**
 * The policy, or, with a nonce, the development server's: Vite serves React Refresh's preamble
 * and hot-updated styles inline, and tags them with a nonce fresh for each server. Nothing else
 * is allowed in development that is not allowed in the app.
 */
export function rendererCsp(nonce?: string): string {
  const inline = nonce ? ` 'nonce-${nonce}'` : '';
  return [
    "default-src 'none'",
    `script-src 'self'${inline}`,
    `style-src 'self'${inline}`,
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}
