import type { MailService } from '../services/mail-service';
import type { MailUploads } from '../services/mail-uploads';
import type { Handlers } from './dispatch';

export function mailHandlers(
  mail: MailService,
  uploads: MailUploads,
): Pick<Handlers, 'mail:check-message' | 'mail:check-upload' | 'mail:test-send' | 'mail:history'> {
  return {
    'mail:check-message': ({ raw, domainId }) => mail.check(raw, domainId),
    'mail:check-upload': (request) => uploads.chunk(request),
    'mail:test-send': (request) => mail.testSend(request),
    'mail:history': ({ domainId, limit }) => Promise.resolve(mail.history(domainId, limit)),
  };
}
