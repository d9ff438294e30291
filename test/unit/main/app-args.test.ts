import { describe, expect, it } from 'vitest';
import { parseAppArgs } from '../../../src/main/app-args';

describe('parseAppArgs (npm start, npm run web, the Electron main)', () => {
  it('reads the data folder, DNS servers and sandbox ports', () => {
    const args = parseAppArgs([
      '--data',
      '/tmp/kd',
      '--port',
      '0',
      '--authoritative',
      '127.0.0.1:5300',
      '--authoritative',
      '[::1]:53',
      '--resolver',
      '192.0.2.53',
      '--smtp-port',
      '2525',
      '--mx-port',
      '2526',
      '--open',
    ]);
    expect(args).toEqual({
      port: 0,
      dataDir: '/tmp/kd',
      open: true,
      dns: {
        authoritative: [
          { host: '127.0.0.1', port: 5300 },
          { host: '::1', port: 53 },
        ],
        resolvers: [{ host: '192.0.2.53', port: 53 }],
      },
      sandbox: { smtpPort: 2525, mxPort: 2526 },
    });
  });

  it('takes the embedded sandbox’s dedicated IP (IPv4 or IPv6) for the IP checks', () => {
    expect(parseAppArgs(['--dedicated-ip', '192.0.2.11'])).toMatchObject({
      sandbox: { dedicatedIp: '192.0.2.11' },
    });
    expect(parseAppArgs(['--dedicated-ip', '2001:db8::25'])).toMatchObject({
      sandbox: { dedicatedIp: '2001:db8::25' },
    });
  });

  it('leaves the DNS servers to the defaults when none are given', () => {
    expect(parseAppArgs([])).toMatchObject({ dns: {}, sandbox: {}, open: false, port: 0 });
  });

  it.each([
    [['--port', 'abc'], /--port must be a whole number/],
    [['--smtp-port', '70000'], /--smtp-port must be a whole number/],
    [['--resolver', 'dns.google'], /--resolver .*IP address/],
    [['--authoritative', '127.0.0.1:99999'], /--authoritative/],
    [['--bogus'], /Unknown option/],
    [['--dedicated-ip', 'mail.example.com'], /--dedicated-ip must be an IPv4 or IPv6 address/],
  ])('refuses %j with a message naming the problem', (argv, message) => {
    const result = parseAppArgs(argv);
    expect(result).toHaveProperty('error');
    if ('error' in result) expect(result.error).toMatch(message);
  });

  it('ignores Chromium switches and positionals when run inside Electron', () => {
    const result = parseAppArgs(['.', '--enable-logging', '--data', '/tmp/x'], { strict: false });
    expect(result).toMatchObject({ dataDir: '/tmp/x' });
  });
});
