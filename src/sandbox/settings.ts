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
}

export const DEFAULT_SERVICE_HOSTS: ServiceHosts = {
  spfInclude: 'spf.sandbox.kyrios.test',
  returnPathHost: 'bounces.sandbox.kyrios.test',
  mxHost: 'mx.sandbox.kyrios.test',
  trackingHost: 'track.sandbox.kyrios.test',
  dmarcReports: 'dmarc@reports.sandbox.kyrios.test',
  dkimSelector: 'kyrios1',
};
