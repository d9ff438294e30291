import { useMonitor } from '../monitoring/monitor-store';
import { useNav } from './nav-store';
import { routeHash, useDomainsHome, type Route } from './nav-store';

interface Item {
  label: string;
  route: Route;
  /** Which pages light this item up. */
  pages: Route['page'][];
}

const ITEMS: Item[] = [
  {
    label: 'Dedicated Domain And IP',
    route: { page: 'domains', domainId: null },
    pages: ['domains', 'smtp'],
  },
  { label: 'Monitoring', route: { page: 'monitoring' }, pages: ['monitoring'] },
  { label: 'Audit log', route: { page: 'audit' }, pages: ['audit'] },
  { label: 'Accounts', route: { page: 'accounts' }, pages: ['accounts'] },
  { label: 'Settings', route: { page: 'settings' }, pages: ['settings'] },
];

/** The app's screens; plain links to their address, so the browser's history works as usual. */
export function MainNav() {
  const page = useNav((s) => s.route.page);
  const openAlerts = useMonitor((s) => s.alerts.filter((a) => a.resolvedAt === null).length);
  // Back to the domain last opened, not to an empty selection.
  const domainsHome = useDomainsHome();
  return (
    <nav aria-label="Main" className="main-nav">
      <ul>
        {ITEMS.map((item) => {
          const current = item.pages.includes(page);
          const count = item.label === 'Monitoring' ? openAlerts : 0;
          return (
            <li key={item.label}>
              <a
                href={item.route.page === 'domains' ? domainsHome : routeHash(item.route)}
                className={current ? 'nav-link nav-link-current' : 'nav-link'}
                aria-current={current ? 'page' : undefined}
              >
                {item.label}
                {count > 0 ? (
                  <span className="nav-count">
                    <span aria-hidden="true">{count}</span>
                    <span className="visually-hidden">
                      {` (${count} open ${count === 1 ? 'alert' : 'alerts'})`}
                    </span>
                  </span>
                ) : null}
              </a>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
