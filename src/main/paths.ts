import { homedir } from 'node:os';
import { join } from 'node:path';

export const APP_NAME = 'Kyrios Desk';
/** The app's id: the installers' (electron-builder.yml) and Windows' notifications. */
export const APP_ID = 'com.kyrios.desk';

/**
 * Where Kyrios Desk keeps its data when no folder is given: the same place Electron's
 * `app.getPath('userData')` names, so desktop and browser modes share one inventory.
 * `KYRIOS_DESK_DATA` overrides it.
 */
export function defaultDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform = process.platform,
): string {
  if (env.KYRIOS_DESK_DATA) return env.KYRIOS_DESK_DATA;
  const home = homedir();
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', APP_NAME);
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), APP_NAME);
  return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), APP_NAME);
}
