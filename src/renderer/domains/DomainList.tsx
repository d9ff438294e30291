import {
  memo,
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  type KeyboardEvent,
} from 'react';
import type { Domain } from '../../shared/domain';
import { DomainActionsMenu } from './DomainActionsMenu';
import { toUnicodeName } from '../../shared/idn';
import { navActions } from '../shell/nav-store';
import { formatAgo, formatCount, formatDateTime } from '../ui/format';
import { Badge } from '../ui/StatusBadge';
import { useFixedRows } from '../ui/use-fixed-rows';
import { useNow } from '../ui/use-now';
import { useLatestRun, useLatestRuns } from './checks-store';
import {
  domainsActions,
  filterDomains,
  noMatchText,
  useDomains,
  useIsVerifying,
  type StatusFilter,
} from './domains-store';
import { DOMAIN_STATE_LABELS, DOMAIN_STATES, domainState, lastCheckedAt } from './selectors';

const ROW_HEIGHT = 56;

interface Props {
  domains: readonly Domain[];
  selectedId: string | null;
}

/**
 * The domains as a virtualized table: only the rows in view are in the DOM, so thousands of
 * domains scroll and filter without delay. aria-rowcount/aria-rowindex tell assistive technology
 * the full size. Arrow keys, Home and End move between domains.
 */
export function DomainList({ domains, selectedId }: Props) {
  const query = useDomains((s) => s.query);
  const statusFilter = useDomains((s) => s.statusFilter);
  const latestRuns = useLatestRuns();
  const shown = useMemo(
    () =>
      filterDomains(
        domains,
        query,
        statusFilter,
        (d) => domainState(d, latestRuns[d.id] ?? null).state,
        (d) => toUnicodeName(d.name),
      ),
    [domains, query, statusFilter, latestRuns],
  );
  const scrollRef = useRef<HTMLDivElement>(null);
  const focusIndex = useRef<number | null>(null);
  const virtualizer = useFixedRows({
    count: shown.length,
    rowHeight: ROW_HEIGHT,
    overscan: 6,
    scrollRef,
    initialHeight: 600,
  });

  const selectedIndex = selectedId ? shown.findIndex((d) => d.id === selectedId) : -1;
  useEffect(() => {
    if (selectedIndex >= 0) virtualizer.scrollToIndex(selectedIndex);
    // Only when the selection itself changes (e.g. a reload landing on a domain).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [selectedId]);

  useEffect(() => {
    const index = focusIndex.current;
    if (index === null) return;
    const button = scrollRef.current?.querySelector<HTMLButtonElement>(
      `[data-index="${index}"] .row-button`,
    );
    if (button) {
      button.focus();
      focusIndex.current = null;
    }
  });

  // One handler for every row, stable across renders, so memoized rows skip re-rendering while
  // the filter changes; it reads the current list and virtualizer through a ref.
  const latest = useRef({ shown, virtualizer });
  useLayoutEffect(() => {
    latest.current = { shown, virtualizer };
  });
  const onRowKey = useCallback((event: KeyboardEvent, index: number) => {
    const { shown, virtualizer } = latest.current;
    const target =
      event.key === 'ArrowDown'
        ? index + 1
        : event.key === 'ArrowUp'
          ? index - 1
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? shown.length - 1
              : null;
    if (target === null || target < 0 || target >= shown.length) return;
    event.preventDefault();
    focusIndex.current = target;
    virtualizer.scrollToIndex(target);
    const button = scrollRef.current?.querySelector<HTMLButtonElement>(
      `[data-index="${target}"] .row-button`,
    );
    if (button) {
      button.focus();
      focusIndex.current = null;
    }
  }, []);

  const filtered = query.trim() !== '' || statusFilter !== 'all';
  return (
    <section className="domain-list" aria-label="Domain list">
      <div className="list-toolbar">
        <input
          type="search"
          className="input"
          aria-label="Filter domains"
          placeholder="Filter domains"
          value={query}
          onChange={(e) => domainsActions.setQuery(e.target.value)}
        />
        <select
          className="input"
          aria-label="Status"
          value={statusFilter}
          onChange={(e) => domainsActions.setStatusFilter(e.target.value as StatusFilter)}
        >
          <option value="all">All statuses</option>
          {DOMAIN_STATES.map((state) => (
            <option key={state} value={state}>
              {DOMAIN_STATE_LABELS[state]}
            </option>
          ))}
        </select>
      </div>
      <p className="muted small list-count" role="status">
        {filtered
          ? `${formatCount(shown.length)} of ${formatCount(domains.length)} domains`
          : `${formatCount(domains.length)} ${domains.length === 1 ? 'domain' : 'domains'}`}
      </p>
      <div className="vtable" role="table" aria-label="Domains" aria-rowcount={shown.length + 1}>
        <div role="rowgroup" className="vtable-head">
          <div role="row" aria-rowindex={1} className="vrow">
            <span role="columnheader">Domain</span>
            <span role="columnheader">Status</span>
            <span role="columnheader">Last check</span>
            <span role="columnheader">
              <span className="visually-hidden">Actions</span>
            </span>
          </div>
        </div>
        <div role="rowgroup" className="vtable-body" ref={scrollRef}>
          <div role="presentation" style={{ height: virtualizer.totalSize }} className="vsizer">
            {virtualizer.rows.map((item) => {
              const domain = shown[item.index];
              if (!domain) return null;
              return (
                <DomainRow
                  key={domain.id}
                  domain={domain}
                  index={item.index}
                  top={item.start}
                  selected={domain.id === selectedId}
                  onKey={onRowKey}
                />
              );
            })}
          </div>
        </div>
      </div>
      {shown.length === 0 && filtered ? (
        <div className="state state-small">
          <p>{noMatchText(query, statusFilter)}</p>
          <button
            type="button"
            className="button"
            onClick={() => {
              domainsActions.setQuery('');
              domainsActions.setStatusFilter('all');
            }}
          >
            Clear filter
          </button>
        </div>
      ) : null}
    </section>
  );
}

interface RowProps {
  domain: Domain;
  index: number;
  top: number;
  selected: boolean;
  onKey: (event: KeyboardEvent, index: number) => void;
}

const DomainRow = memo(function DomainRow({ domain, index, top, selected, onKey }: RowProps) {
  // "Just now" ages while on screen; a Verify Now started from the ⋯ menu shows here.
  const now = useNow();
  const verifying = useIsVerifying(domain.id);
  const run = useLatestRun(domain.id);
  const checkedAt = lastCheckedAt(domain, run);
  const state = domainState(domain, run);
  const unicode = toUnicodeName(domain.name);
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      data-index={index}
      className={selected ? 'vrow vrow-body selected' : 'vrow vrow-body'}
      style={{ transform: `translateY(${top}px)` }}
    >
      <span role="rowheader" className="vcell-name">
        <button
          type="button"
          className="row-button"
          title={unicode === domain.name ? domain.name : `${unicode} (${domain.name})`}
          aria-current={selected ? 'true' : undefined}
          onClick={() => navActions.openDomain(domain.id)}
          onKeyDown={(e) => onKey(e, index)}
        >
          {unicode === domain.name ? (
            domain.name
          ) : (
            <>
              {unicode} <span className="muted small punycode">{domain.name}</span>
            </>
          )}
        </button>
      </span>
      <span role="cell">
        <Badge tone={state.tone} label={state.label} />
      </span>
      <span
        role="cell"
        className="muted small"
        title={checkedAt ? formatDateTime(checkedAt) : undefined}
        aria-busy={verifying || undefined}
      >
        {verifying ? (
          <>
            <span className="spinner" aria-hidden="true" /> Verifying…
          </>
        ) : checkedAt ? (
          <time dateTime={checkedAt}>{formatAgo(checkedAt, now)}</time>
        ) : (
          formatAgo(null, now)
        )}
      </span>
      <span role="cell">
        <DomainActionsMenu domain={domain} />
      </span>
    </div>
  );
});
