import type { DomainsService } from '../services/domains-service';
import type { Handlers } from './dispatch';

export function domainsHandlers(
  domains: DomainsService,
): Pick<Handlers, 'domains:list' | 'domains:add'> {
  return {
    'domains:list': () => domains.list(),
    'domains:add': ({ name }) => domains.add(name),
  };
}
