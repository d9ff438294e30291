import type { DnsProvider } from '../../shared/dns-check';

/** How to type the records at the DNS host the last check recognised, or the general rule. */
export function ProviderInstructions({
  provider,
  domain,
}: {
  provider: DnsProvider | null;
  domain: string;
}) {
  if (!provider) {
    return (
      <div className="instructions" aria-label="How to publish" role="note">
        <p>
          Add each record in your DNS provider’s DNS manager. Most providers want only the{' '}
          <strong>Host</strong> shown here (e.g. <code>_dmarc</code>, or <code>@</code> for {domain}{' '}
          itself): they append {domain} themselves, so typing the full name makes it doubled. Paste
          values exactly, without quotes.
        </p>
      </div>
    );
  }
  return (
    <div className="instructions" aria-label={`Publishing at ${provider.name}`} role="note">
      <p>
        <strong>
          {domain} is hosted at {provider.name}.
        </strong>{' '}
        {provider.hostAdvice}
      </p>
      {provider.warnings.length > 0 ? (
        <ul>
          {provider.warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
