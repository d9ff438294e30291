import { describe, expect, it } from 'vitest';
import { createCommandOutbox } from '../../../../src/main/desktop/command-outbox';
import type { AppCommand } from '../../../../src/shared/app-commands';

describe('the command outbox', () => {
  it('holds commands until the page has loaded, then delivers them in order', () => {
    const delivered: AppCommand[] = [];
    const outbox = createCommandOutbox((c) => delivered.push(c));
    outbox.send({ command: 'check-message', path: '/tmp/a.eml' });
    outbox.send({ command: 'open-domain', domainId: 'dom_1' });
    expect(delivered).toEqual([]);
    expect(outbox.pending).toBe(2);
    outbox.loaded();
    expect(delivered).toEqual([
      { command: 'check-message', path: '/tmp/a.eml' },
      { command: 'open-domain', domainId: 'dom_1' },
    ]);
    outbox.send({ command: 'add-domain' });
    expect(delivered).toHaveLength(3);
    // A reload: the page cannot hear until it has loaded again.
    outbox.unloaded();
    outbox.send({ command: 'open-settings' });
    expect(delivered).toHaveLength(3);
    outbox.loaded();
    expect(delivered.at(-1)).toEqual({ command: 'open-settings' });
    expect(outbox.pending).toBe(0);
  });
});
