/**
 * The service's own host names, which the generated records point at. A sandbox setting, so tests
 * and demos can publish matching records in their own DNS.
 */
export interface ServiceHosts {
  spfInclude: string;
  returnPathHost: string;
  mxHost: string;
  trackingHost: string;
  dmarcReports: string;
  dkimSelector: string;
  /** The account's dedicated sending IP, as GET /v1/account reports it. */
  dedicatedIp: string;
}

export const DEFAULT_SERVICE_HOSTS: ServiceHosts = {
  spfInclude: 'spf.sandbox.kyrios.test',
  returnPathHost: 'bounces.sandbox.kyrios.test',
  mxHost: 'mx.sandbox.kyrios.test',
  trackingHost: 'track.sandbox.kyrios.test',
  dmarcReports: 'dmarc@reports.sandbox.kyrios.test',
  dkimSelector: 'kyrios1',
  // TEST-NET-1 (RFC 5737): the sandbox sends nothing to the internet.
  dedicatedIp: '192.0.2.10',
};
