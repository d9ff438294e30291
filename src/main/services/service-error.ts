import type { ErrorCode } from '../../shared/errors';

/** An expected failure a service reports to the renderer with a stable code and plain words. */
export class ServiceError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ServiceError';
  }
}
