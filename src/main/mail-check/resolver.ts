import { defaultResolvers, type CheckOptions } from '../../dns/index';
import { createMailResolver, type MailResolve } from '../../dns/mail-resolver';

/**
 * The app's DNS servers as a receiver's resolver: its resolvers (the setting, `--resolver`, or
 * the system's and public ones) asked with recursion; with none but `--authoritative` servers,
 * those, without it (the resolver follows CNAMEs across zones itself).
 */
export async function mailResolverFor(options: CheckOptions): Promise<MailResolve> {
  const common = {
    ...(options.client ? { client: options.client } : {}),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    ...(options.tries === undefined ? {} : { tries: options.tries }),
    ...(options.signal ? { signal: options.signal } : {}),
  };
  const resolvers = options.resolvers ?? (await defaultResolvers());
  if (resolvers.length > 0 || !options.authoritative?.length) {
    return createMailResolver({ servers: resolvers, recursion: true, ...common });
  }
  return createMailResolver({ servers: options.authoritative, recursion: false, ...common });
}
