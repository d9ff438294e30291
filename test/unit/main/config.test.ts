import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, remoteAccountFromEnv } from '../../../src/main/config';
import { APP_NAME, defaultDataDir } from '../../../src/main/paths';

describe('remoteAccountFromEnv', () => {
  it('means the embedded sandbox when neither variable is set (or both are blank)', () => {
    expect(remoteAccountFromEnv({})).toBeUndefined();
    expect(remoteAccountFromEnv({ KYRIOS_API_URL: '  ', KYRIOS_API_KEY: '' })).toBeUndefined();
  });

  it('reads a remote account, trimmed, with the host as its default label', () => {
    expect(
      remoteAccountFromEnv({
        KYRIOS_API_URL: ' https://api.kyrios.example/// ',
        KYRIOS_API_KEY: ' kys_live_123 ',
      }),
    ).toEqual({
      baseUrl: 'https://api.kyrios.example',
      apiKey: 'kys_live_123',
      label: 'api.kyrios.example',
    });
    expect(
      remoteAccountFromEnv({
        KYRIOS_API_URL: 'http://127.0.0.1:4100',
        KYRIOS_API_KEY: 'k',
        KYRIOS_ACCOUNT_LABEL: ' Staging ',
      }),
    ).toEqual({ baseUrl: 'http://127.0.0.1:4100', apiKey: 'k', label: 'Staging' });
  });

  it('keeps a path prefix', () => {
    expect(
      remoteAccountFromEnv({ KYRIOS_API_URL: 'https://gw.example/kyrios/', KYRIOS_API_KEY: 'k' })
        ?.baseUrl,
    ).toBe('https://gw.example/kyrios');
  });

  it.each([
    ['only the key', { KYRIOS_API_KEY: 'k' }, /KYRIOS_API_URL is not/],
    ['only the URL', { KYRIOS_API_URL: 'https://api.kyrios.example' }, /KYRIOS_API_KEY is not/],
    [
      'a URL that is not one',
      { KYRIOS_API_URL: 'api.kyrios.example', KYRIOS_API_KEY: 'k' },
      /http\(s\) URL/,
    ],
    [
      'another scheme',
      { KYRIOS_API_URL: 'ftp://api.kyrios.example', KYRIOS_API_KEY: 'k' },
      /http\(s\) URL/,
    ],
    ['a file URL', { KYRIOS_API_URL: 'file:///etc/passwd', KYRIOS_API_KEY: 'k' }, /http\(s\) URL/],
    [
      'credentials in the URL',
      { KYRIOS_API_URL: 'https://user:pw@api.kyrios.example', KYRIOS_API_KEY: 'k' },
      /without credentials/,
    ],
  ])('refuses %s with a ConfigError that says what to do', (_what, env, message) => {
    expect(() => remoteAccountFromEnv(env)).toThrow(ConfigError);
    expect(() => remoteAccountFromEnv(env)).toThrow(message);
  });
});

describe('defaultDataDir', () => {
  it('takes KYRIOS_DESK_DATA first, on every platform', () => {
    for (const platform of ['linux', 'darwin', 'win32'] as const) {
      expect(defaultDataDir({ KYRIOS_DESK_DATA: '/data/kd' }, platform)).toBe('/data/kd');
    }
  });

  it("names the folder Electron's userData would be", () => {
    expect(defaultDataDir({}, 'linux')).toBe(join(homedir(), '.config', APP_NAME));
    expect(defaultDataDir({ XDG_CONFIG_HOME: '/xdg' }, 'linux')).toBe(join('/xdg', APP_NAME));
    expect(defaultDataDir({}, 'darwin')).toBe(
      join(homedir(), 'Library', 'Application Support', APP_NAME),
    );
    expect(defaultDataDir({ APPDATA: '/appdata' }, 'win32')).toBe(join('/appdata', APP_NAME));
    expect(defaultDataDir({}, 'win32')).toBe(join(homedir(), 'AppData', 'Roaming', APP_NAME));
    expect(APP_NAME).toBe('Kyrios Desk');
  });
});
