import type { AppInfo } from '../../shared/contract';
import type { ClipboardGuard } from '../services/clipboard-guard';
import type { Handlers } from './dispatch';

export function appHandlers(
  info: () => AppInfo,
  clipboard: ClipboardGuard,
): Pick<Handlers, 'app:info' | 'clipboard:clear-later'> {
  return {
    'app:info': () => Promise.resolve(info()),
    'clipboard:clear-later': ({ secret, afterMs }) =>
      Promise.resolve(clipboard.clearLater(secret, afterMs)),
  };
}
