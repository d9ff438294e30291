import { useId } from 'react';
import type { DnsProvider, DomainCheckResult } from '../../shared/dns-check';
import type { Domain, DnsRecord } from '../../shared/domain';
import { hostForProvider } from '../../shared/host-field';
import { RECORD_PURPOSE_LABELS } from '../../shared/labels';
import { splitTxt, splitTxtQuoted } from '../../shared/zone-file';
import { CopyButton } from '../ui/CopyButton';
import { Badge } from '../ui/StatusBadge';
import { checkOf, inheritedDmarcPolicy, recordVerdict } from './selectors';
import { publishableSpf } from './records-text';

/** A record's status while the newest check's verdicts are on their way (never the older one's). */
export const LOADING_NEWEST = 'Loading…';

interface Props {
  domain: Domain;
  check: DomainCheckResult | null;
  /**
   * A newer run than `check` is known and its check is loading: no verdict until it is here (the
   * DNS host's host field and the values to publish still come from `check`).
   */
  loadingNewest?: boolean;
}

/**
 * The generated records with what to copy into the DNS provider's form, one row each. Five
 * columns, so a 1,024-pixel window shows every one: an MX record's priority sits with its value,
 * and whether a record is optional with its status.
 */
export function RecordsTable({ domain, check, loadingNewest = false }: Props) {
  return (
    <table
      className="table records-table"
      aria-label={`DNS records for ${domain.name}`}
      aria-busy={loadingNewest || undefined}
    >
      <thead>
        <tr>
          <th scope="col">Purpose</th>
          <th scope="col">Type</th>
          <th scope="col">Host</th>
          <th scope="col">Value</th>
          <th scope="col">Status</th>
        </tr>
      </thead>
      <tbody>
        {domain.records.map((r) => (
          <RecordRow
            key={r.id}
            record={r}
            domain={domain}
            check={check}
            loadingNewest={loadingNewest}
          />
        ))}
      </tbody>
    </table>
  );
}

function RecordRow({
  record,
  domain,
  check,
  loadingNewest,
}: {
  record: DnsRecord;
  domain: Domain;
  check: DomainCheckResult | null;
  loadingNewest: boolean;
}) {
  const purposeId = useId();
  const purpose = RECORD_PURPOSE_LABELS[record.purpose];
  // As the recognised provider's host field wants it ("" where it wants the field left empty).
  const provider: DnsProvider | null = check?.provider ?? null;
  const host = hostForProvider(record.name, domain.name, provider);
  const spfCheck =
    record.purpose === 'spf'
      ? check?.records.find((c) => c.purpose === 'spf' && c.name === record.name)
      : undefined;
  const merged = spfCheck ? publishableSpf(spfCheck) : null;
  const inherited = loadingNewest ? null : inheritedDmarcPolicy(checkOf(check, record));
  const value = merged ?? record.value;
  const split = record.type === 'TXT' && splitTxt(value).length > 1;

  return (
    <tr>
      <th scope="row" id={purposeId}>
        {purpose}
      </th>
      <td>{record.type}</td>
      <td>
        {host === '' ? (
          // Nothing to copy: a button that put "" on the clipboard would look like it did something.
          <span className="host host-empty">Leave empty</span>
        ) : (
          <code className="host">{host}</code>
        )}
        <div className="muted small full-name">{record.name}</div>
        {host === '' ? (
          <div className="muted small">{provider?.name} wants no “@” for the domain itself.</div>
        ) : (
          <div className="copy-buttons">
            <CopyButton
              text={host}
              what={`Host of the ${purpose} record`}
              label="Copy host"
              describedBy={purposeId}
            />
          </div>
        )}
      </td>
      <td className="value-cell">
        {merged ? (
          <p className="merge-note">
            {domain.name} already has an SPF record. Publish this single merged record in its place,
            not a second one:
          </p>
        ) : null}
        {split ? (
          // Long values scroll inside their cell; focusable so the keyboard can scroll them too.
          <code className="long-value" tabIndex={0} role="group" aria-label={`${purpose} value`}>
            {value}
          </code>
        ) : (
          <code>{value}</code>
        )}
        {record.priority !== undefined ? (
          <div className="muted small">Priority {record.priority}</div>
        ) : null}
        {split ? (
          <div className="muted small">
            {new TextEncoder().encode(value).length} characters: some DNS hosts need it as{' '}
            {splitTxt(value).length} quoted strings (“Copy split value”).
          </div>
        ) : null}
        <div className="copy-buttons">
          <CopyButton
            text={value}
            what={merged ? 'Merged SPF record' : `Value of the ${purpose} record`}
            label="Copy value"
            describedBy={purposeId}
          />
          {split ? (
            <CopyButton
              text={splitTxtQuoted(value)}
              what={`Split value of the ${purpose} record`}
              label="Copy split value"
              describedBy={purposeId}
            />
          ) : null}
        </div>
      </td>
      <td>
        {loadingNewest ? (
          <Badge tone="pending" label={LOADING_NEWEST} />
        ) : (
          <Badge {...recordVerdict(record, domain, check)} />
        )}
        {record.required ? null : <div className="muted small">Optional</div>}
        {inherited ? <div className="small dmarc-inherited">{inherited}</div> : null}
      </td>
    </tr>
  );
}
