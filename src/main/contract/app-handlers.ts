import type { AppInfo } from '../../shared/contract';
import type { Handlers } from './dispatch';

export function appHandlers(info: () => AppInfo): Pick<Handlers, 'app:info'> {
  return {
    'app:info': () => Promise.resolve(info()),
  };
}
