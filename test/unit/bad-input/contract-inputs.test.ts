import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppCore } from '../../../src/main/app-core';
import { APP_DATABASE_FILE } from '../../../src/main/db/app-database';
import { SANDBOX_DATABASE_FILE } from '../../../src/sandbox/start';
import type { Channel, RequestOf } from '../../../src/shared/contract';
import type { Domain } from '../../../src/shared/domain';
import { snapshotDatabase } from '../helpers/db-snapshot';
import { call, inProcessSandbox, startGuardCore, verifyInSandbox } from '../helpers/guard-core';
import { sandboxRequest } from '../helpers/sandbox';
import { createCleanup } from '../helpers/temp-dir';

// Bad input a person can type, through the contract of a real app core with its embedded sandbox:
// each is refused with a message that names the problem, and neither database changes.

const cleanup = createCleanup();
let core: AppCore;
let dataDir: string;
let domain: Domain;
let userId: string;
beforeAll(async () => {
  ({ core, dataDir } = await startGuardCore(cleanup));
  domain = await call(core, 'domains:add', { name: 'send.example.com' });
  await verifyInSandbox(core, inProcessSandbox(core), domain);
  userId = (await call(core, 'smtp:create', { domainId: domain.id, login: 'alice' })).user.id;
});
afterAll(() => cleanup.run());

/**
 * Both databases, but for the sandbox's idempotency keys: the service remembers its answer to a
 * key, refusals included, so a retry of the same request is refused the same way. That record is
 * the answer, not data the input created.
 */
const databases = () => {
  const { idempotency_keys: _answers, ...sandbox } = snapshotDatabase(
    join(dataDir, 'sandbox', SANDBOX_DATABASE_FILE),
  );
  return { app: snapshotDatabase(join(dataDir, APP_DATABASE_FILE)), sandbox };
};

interface Case {
  what: string;
  channel: Channel;
  request: () => unknown;
  code: string;
  message: RegExp;
}
/** One case; the request is typed against its channel, so the table stays in step with it. */
const c = <C extends Channel>(
  what: string,
  channel: C,
  request: () => RequestOf<C>,
  code: string,
  message: RegExp,
): Case => ({ what, channel, request, code, message });

const addDomain = (name: string) => () => ({ name });
const createUser = (login: string, password?: string) => () => ({
  domainId: domain.id,
  login,
  ...(password === undefined ? {} : { password }),
});
const account = (baseUrl: string) => () => ({ label: 'Bad', baseUrl, apiKey: 'kys_whatever' });
const resolvers =
  (...list: string[]) =>
  () => ({ dnsResolvers: list });

const CASES: Case[] = [
  // Domain names (the app checks them before the service is asked).
  c(
    'uppercase',
    'domains:add',
    addDomain('Example.com'),
    'invalid_domain',
    /lowercase only: use example\.com/,
  ),
  c(
    'a URL',
    'domains:add',
    addDomain('https://example.com/path'),
    'invalid_domain',
    /":" is not allowed/,
  ),
  c('spaces', 'domains:add', addDomain('exa mple.com'), 'invalid_domain', /cannot contain spaces/),
  c(
    'an IDN in Unicode',
    'domains:add',
    addDomain('bücher.example'),
    'invalid_domain',
    /"ü" is not allowed/,
  ),
  c(
    'a 64-character label',
    'domains:add',
    addDomain(`${'a'.repeat(64)}.com`),
    'invalid_domain',
    /has 64 characters; each label is at most 63/,
  ),
  c(
    'a single label',
    'domains:add',
    addDomain('localhost'),
    'invalid_domain',
    /"localhost" is a single label/,
  ),
  c(
    'an underscore',
    'domains:add',
    addDomain('_dmarc.example.com'),
    'invalid_domain',
    /underscores/,
  ),
  c(
    'a leading hyphen',
    'domains:add',
    addDomain('-bad.example.com'),
    'invalid_domain',
    /cannot start or end with a hyphen/,
  ),
  c(
    'two dots in a row',
    'domains:add',
    addDomain('example..com'),
    'invalid_domain',
    /empty labels/,
  ),
  c(
    'a trailing dot',
    'domains:add',
    addDomain('example.com.'),
    'invalid_domain',
    /a dot at either end/,
  ),
  c(
    'an IP address',
    'domains:add',
    addDomain('192.0.2.1'),
    'invalid_domain',
    /That is an IP address/,
  ),
  c(
    '254 characters',
    'domains:add',
    addDomain(`${'x'.repeat(250)}.com`),
    'invalid_domain',
    /at most 253 characters; this one has 254/,
  ),
  c('nothing', 'domains:add', addDomain(''), 'invalid_domain', /Enter a domain name/),
  c(
    'an all-digit TLD',
    'domains:add',
    addDomain('example.123'),
    'invalid_domain',
    /top-level label cannot be all digits/,
  ),
  c(
    'a wildcard',
    'domains:add',
    addDomain('*.example.com'),
    'invalid_domain',
    /"\*" is not allowed/,
  ),
  c(
    'over the contract limit',
    'domains:add',
    addDomain('a'.repeat(1025)),
    'invalid_request',
    /at "name"/,
  ),
  // Logins (the service's rule, its words passed through).
  c(
    'an uppercase login',
    'smtp:create',
    createUser('Alice'),
    'invalid_login',
    /lowercase only: use alice/,
  ),
  c(
    'a login on another domain',
    'smtp:create',
    createUser('bob@other.com'),
    'invalid_login',
    /must be an address on send\.example\.com .*not on other\.com/,
  ),
  c('a space in a login', 'smtp:create', createUser('b ob'), 'invalid_login', /" " is not allowed/),
  // (Dots anywhere are within the rule: docs/product-rules.md lists `.` among the characters.)
  c(
    'an @ inside the local part',
    'smtp:create',
    createUser('b@ob@send.example.com'),
    'invalid_login',
    /"@" is not allowed/,
  ),
  c('a non-ASCII letter', 'smtp:create', createUser('bób'), 'invalid_login', /"ó" is not allowed/),
  c(
    'a 65-character local part',
    'smtp:create',
    createUser('b'.repeat(65)),
    'invalid_login',
    /at most 64 characters; this one has 65/,
  ),
  c(
    'no local part',
    'smtp:create',
    createUser('@send.example.com'),
    'invalid_login',
    /needs a part before the @/,
  ),
  c('a plus sign', 'smtp:create', createUser('bob+tag'), 'invalid_login', /"\+" is not allowed/),
  c('an empty login', 'smtp:create', createUser(''), 'invalid_request', /at "login"/),
  // Passwords.
  c(
    'a short password',
    'smtp:create',
    createUser('carol', 'short'),
    'weak_password',
    /at least 12 characters; this one has 5/,
  ),
  c(
    'a 129-character password',
    'smtp:create',
    createUser('carol', 'p'.repeat(129)),
    'weak_password',
    /at most 128 characters; this one has 129/,
  ),
  c(
    'a password holding the login',
    'smtp:create',
    createUser('carol', 'my-Carol-password-1'),
    'weak_password',
    /must not contain the login's local part \("carol"\)/,
  ),
  c(
    'a short new password',
    'smtp:reset-password',
    () => ({ domainId: domain.id, userId, password: 'tiny' }),
    'weak_password',
    /at least 12 characters/,
  ),
  c(
    'a new password holding the login',
    'smtp:reset-password',
    () => ({ domainId: domain.id, userId, password: 'ALICE-forever-and-ever' }),
    'weak_password',
    /local part \("alice"\)/,
  ),
  c(
    'an empty new password',
    'smtp:reset-password',
    () => ({ domainId: domain.id, userId, password: '' }),
    'invalid_request',
    /at "password"/,
  ),
  // API URLs of a remote account.
  c(
    'an ftp URL',
    'accounts:add',
    account('ftp://api.example.com'),
    'invalid_request',
    /base URL must be an http\(s\) URL/,
  ),
  c(
    'credentials in the URL',
    'accounts:add',
    account('https://user:pw@api.example.com'),
    'invalid_request',
    /without credentials/,
  ),
  c(
    'not a URL',
    'accounts:add',
    account('not a url'),
    'invalid_request',
    /base URL must be an http\(s\) URL/,
  ),
  c(
    'a javascript: URL',
    'accounts:add',
    account('javascript:alert(1)'),
    'invalid_request',
    /base URL must be an http\(s\) URL/,
  ),
  c(
    'a file: URL',
    'accounts:add',
    account('file:///etc/passwd'),
    'invalid_request',
    /base URL must be an http\(s\) URL/,
  ),
  c('a blank URL', 'accounts:add', account('   '), 'invalid_request', /at "baseUrl"/),
  // Resolver addresses in the settings.
  c(
    'a port past 65535',
    'settings:update',
    resolvers('1.1.1.1:99999'),
    'invalid_request',
    /the port must be a number from 1 to 65535/,
  ),
  c(
    'port 0',
    'settings:update',
    resolvers('8.8.8.8:0'),
    'invalid_request',
    /the port must be a number from 1 to 65535/,
  ),
  c(
    'brackets around IPv4',
    'settings:update',
    resolvers('[1.2.3.4]:53'),
    'invalid_request',
    /brackets are for IPv6 addresses/,
  ),
  c(
    'colons only',
    'settings:update',
    resolvers('::::::'),
    'invalid_request',
    /expected an IP address/,
  ),
  c(
    'a host name',
    'settings:update',
    resolvers('dns.google'),
    'invalid_request',
    /must be an IP address, optionally with :port/,
  ),
  c(
    'nine resolvers',
    'settings:update',
    resolvers(...Array.from({ length: 9 }, (_, i) => `192.0.2.${i + 1}`)),
    'invalid_request',
    /at "dnsResolvers"/,
  ),
];

describe('bad input through the contract: a clear message, nothing written', () => {
  it('has a catalogue of at least 40 cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(40);
  });

  it.each(CASES.map((x) => [x.channel, x.what, x] as const))(
    '%s: %s',
    async (_channel, _what, x) => {
      const before = databases();
      const result = await core.dispatch(x.channel, x.request());
      expect(result).toMatchObject({ ok: false, error: { code: x.code } });
      if (!result.ok) expect(result.error.message).toMatch(x.message);
      expect(databases()).toEqual(before);
    },
  );
});

describe('bad input sent straight to the sandbox API: its own words, its database unchanged', () => {
  it.each([
    ['/v1/domains', { name: 'Example.com' }, 'invalid_domain', /lowercase only/],
    ['/v1/domains', { name: 'my_domain.example.com' }, 'invalid_domain', /underscores/],
    ['/v1/domains', { name: `${'x'.repeat(300)}.com` }, 'invalid_domain', /at most 253 characters/],
    ['/v1/domains', { name: 42 }, 'invalid_request', /\(name\)/],
    ['/v1/domains', { name: 'x'.repeat(1025) }, 'invalid_domain', /^Too long: .* has 1025\.$/],
  ] as const)('POST %s %j → %s', async (path, body, code, message) => {
    if (!core.sandbox) throw new Error('no sandbox');
    const request = sandboxRequest(core.sandbox.api, core.sandbox.apiKey);
    const before = databases().sandbox;
    const res = await request(path, { body });
    expect(res.status).toBe(400);
    const problem = (await res.json()) as { code: string; detail: string };
    expect(problem.code).toBe(code);
    expect(problem.detail).toMatch(message);
    expect(databases().sandbox).toEqual(before);
  });
});
