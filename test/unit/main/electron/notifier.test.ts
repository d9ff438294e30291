import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createElectronNotifier } from '../../../../src/main/electron/notifier';
import type { AppNotification } from '../../../../src/shared/contract';

const fake = vi.hoisted(() => ({
  supported: true,
  shown: [] as { options: unknown; click?: () => void }[],
}));

vi.mock('electron', () => ({
  Notification: class {
    static isSupported = () => fake.supported;
    private entry: { options: unknown; click?: () => void };
    constructor(options: unknown) {
      this.entry = { options };
    }
    on(event: string, handler: () => void) {
      if (event === 'click') this.entry.click = handler;
    }
    show() {
      fake.shown.push(this.entry);
    }
  },
}));

const note: AppNotification = {
  id: 'n1',
  kind: 'limit_warning',
  level: 'critical',
  title: "95% of today's sending limit used",
  body: '1,425 of 1,500',
  accountId: 'sandbox',
  domainId: null,
};

beforeEach(() => {
  fake.supported = true;
  fake.shown = [];
});

describe('the Electron notifier', () => {
  it('shows an OS notification, critical ones as critical, and reports clicks', () => {
    const clicked: AppNotification[] = [];
    createElectronNotifier({ onClick: (n) => clicked.push(n) }).show(note);
    expect(fake.shown).toHaveLength(1);
    expect(fake.shown[0]?.options).toEqual({
      title: note.title,
      body: note.body,
      urgency: 'critical',
    });
    fake.shown[0]?.click?.();
    expect(clicked).toEqual([note]);
  });

  it('hands the notification to the in-app fallback where the OS has none', () => {
    fake.supported = false;
    const fallback: AppNotification[] = [];
    createElectronNotifier({ fallback: (n) => fallback.push(n) }).show(note);
    expect(fake.shown).toEqual([]);
    expect(fallback).toEqual([note]);
  });
});
