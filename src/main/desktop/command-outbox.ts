import type { AppCommand } from '../../shared/app-commands';

/**
 * Commands for a window, held until its page has loaded: a file opened at launch or a
 * notification clicked while the window is being made must not be lost. The renderer subscribes
 * while its scripts run, before the page's load event, so everything sent from `loaded()` on is
 * heard. A reload empties the page again (`unloaded()`).
 */
export function createCommandOutbox(deliver: (command: AppCommand) => void) {
  let ready = false;
  const waiting: AppCommand[] = [];
  return {
    send(command: AppCommand): void {
      if (ready) deliver(command);
      else waiting.push(command);
    },
    loaded(): void {
      ready = true;
      for (const command of waiting.splice(0)) deliver(command);
    },
    unloaded(): void {
      ready = false;
    },
    /** Commands still waiting for the page. */
    get pending(): number {
      return waiting.length;
    },
  };
}
export type CommandOutbox = ReturnType<typeof createCommandOutbox>;
