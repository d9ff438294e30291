/**
 * The DNS engine's public API. The app, the sandbox and the CLI import from here only; the result
 * types live in src/shared/dns-check.ts so the renderer can read them without Node.
 */
export { checkDomain, checkMailBasics, DnsInputError } from './check-domain';
export type { CheckOptions } from './check-domain';
export { DnsClient, DEFAULT_TIMEOUT_MS, DEFAULT_TRIES, isAnswered } from './client';
export type { DnsClientOptions, QueryOptions, QueryResult } from './client';
export { PUBLIC_RESOLVERS, defaultResolvers, parseResolvConf, systemResolvers } from './resolvers';
export { KNOWN_PROVIDER_IDS, recognizeProvider, hostFieldValue } from './providers';
export {
  ServerAddressError,
  formatServer,
  parseHostPort,
  parseServerAddress,
} from './server-address';
export type { HostPort, ServerAddress } from './server-address';
export type { NameserverMap } from './session';
export {
  DnsEncodingError,
  assertEncodablePacket,
  encodePacket,
  inspectResponse,
  joinTxt,
  nameProblem,
  splitTxt,
} from './wire';
export type { Inspection, QuestionKey } from './wire';
export { mergeSpf, countLookups, parseSpf, SPF_LOOKUP_LIMIT } from './checks/spf';
export type {
  CheckStatus,
  DnsCheckCode,
  DnsProvider,
  DnsServerAnswer,
  DomainCheckResult,
  RecordCheckResult,
} from '../shared/dns-check';
export {
  checkIp,
  classifyBlocklistAnswer,
  expandIpv6,
  parseIp,
  reverseName,
  reversedLabels,
} from './ip-checks';
export type { IpCheckOptions } from './ip-checks';
