import type { BlocklistResult, BlocklistStatus } from '../../shared/ip-check';

/** "3 blocklists: 1 listed, 1 unknown". */
export function blocklistSummary(lists: readonly BlocklistResult[]): string {
  const count = (s: BlocklistStatus) => lists.filter((l) => l.status === s).length;
  const parts = [
    `${count('listed')} listed`,
    `${count('not_listed')} not listed`,
    count('unknown') ? `${count('unknown')} unknown` : null,
    count('skipped') ? `${count('skipped')} skipped` : null,
  ].filter(Boolean);
  return `${lists.length} ${lists.length === 1 ? 'blocklist' : 'blocklists'}: ${parts.join(', ')}`;
}
