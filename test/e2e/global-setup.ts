import { ensureRenderer } from '../../scripts/ensure-renderer';
import { chromiumPath } from './harness';

/** Builds the interface once for the run (when stale) and fails early without a browser. */
export async function setup(): Promise<void> {
  chromiumPath();
  await ensureRenderer();
}
