import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AppNotification } from '../../../../src/shared/contract';
import { deliverNotification, pagePermission } from '../../../../src/renderer/shell/notify';
import {
  currentAlerts,
  dismissAlert,
  showAlert,
} from '../../../../src/renderer/shell/alerts-store';
import { navActions } from '../../../../src/renderer/shell/nav-store';

const notification = (kind: AppNotification['kind'], id: string = kind): AppNotification => ({
  id,
  kind,
  level: 'warning',
  title: `${kind} title`,
  body: 'body',
  accountId: 'sandbox',
  domainId: null,
});

afterEach(() => {
  vi.unstubAllGlobals();
  for (const alert of currentAlerts()) dismissAlert(alert.id);
});

describe('browser mode notifications', () => {
  it('shows a page notification when the page may, and nothing inside the window then', () => {
    const shown: { title: string; tag?: string }[] = [];
    class Allowed {
      static permission = 'granted';
      constructor(title: string, options: { tag?: string }) {
        shown.push({ title, tag: options.tag });
      }
    }
    vi.stubGlobal('Notification', Allowed);
    expect(pagePermission()).toBe('granted');
    deliverNotification(notification('drift', 'n1'));
    expect(shown).toEqual([{ title: 'drift title', tag: 'n1' }]);
    expect(currentAlerts()).toEqual([]);
  });

  it('otherwise shows it inside the window, except what the shell’s banners already say', () => {
    vi.stubGlobal('Notification', { permission: 'denied' });
    deliverNotification(notification('drift'));
    deliverNotification(notification('limit_warning'));
    deliverNotification(notification('revocation'));
    deliverNotification(notification('ready'));
    expect(currentAlerts().map((a) => a.kind)).toEqual(['drift', 'ready']);
  });

  it('keeps the newest few, once each', () => {
    vi.stubGlobal('Notification', undefined);
    expect(pagePermission()).toBe('unsupported');
    for (let i = 0; i < 6; i++) showAlert(notification('ip', `n${i}`));
    showAlert(notification('ip', 'n5'));
    expect(currentAlerts().map((a) => a.id)).toEqual(['n2', 'n3', 'n4', 'n5']);
  });
});

describe('a click on a page notification', () => {
  it('brings the window forward on the domain that raised it', () => {
    const shown: { onclick: (() => void) | null; closed: boolean }[] = [];
    class Clickable {
      static permission = 'granted';
      onclick: (() => void) | null = null;
      closed = false;
      constructor() {
        shown.push(this);
      }
      close() {
        this.closed = true;
      }
    }
    vi.stubGlobal('Notification', Clickable);
    const focused: boolean[] = [];
    vi.stubGlobal('window', { focus: () => focused.push(true) });
    navActions.go({ page: 'monitoring' });
    deliverNotification({ ...notification('drift', 'n1'), domainId: 'd7' });
    expect(navActions.current()).toEqual({ page: 'monitoring' });
    shown[0]?.onclick?.();
    expect(focused).toEqual([true]);
    expect(navActions.current()).toEqual({ page: 'domains', domainId: 'd7' });
    expect(shown[0]?.closed).toBe(true);
  });
});
