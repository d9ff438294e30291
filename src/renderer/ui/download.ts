/** Saves text as a file through the browser's (or Electron's) download handling. */
export function saveTextFile(fileName: string, text: string, type = 'text/plain'): void {
  const url = URL.createObjectURL(new Blob([text], { type: `${type};charset=utf-8` }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started from the click; revoke once the event loop has moved on.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
