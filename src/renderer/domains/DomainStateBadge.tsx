import type { Domain } from '../../shared/domain';
import { Badge } from '../ui/StatusBadge';
import { useLatestRun } from './checks-store';
import { domainState, type DomainState } from './selectors';

/** The domain's state as every view shows it: the service's status and the newest check. */
export function useDomainState(domain: Pick<Domain, 'id' | 'status'>): DomainState {
  return domainState(domain, useLatestRun(domain.id));
}

export function DomainStateBadge({ domain }: { domain: Pick<Domain, 'id' | 'status'> }) {
  const { tone, label } = useDomainState(domain);
  return <Badge tone={tone} label={label} />;
}
