import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AppNotification } from '../../../../src/shared/contract';
import { deliverNotification, pagePermission } from '../../../../src/renderer/shell/notify';
import {
  currentAlerts,
  dismissAlert,
  showAlert,
} from '../../../../src/renderer/shell/alerts-store';

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
