import { afterEach, describe, expect, it } from 'vitest';
import { hostToasts, toastHost } from '../../../../src/renderer/ui/toast-store';

const releases: (() => void)[] = [];
const open = (host: string) => releases.push(hostToasts(host));
afterEach(() => releases.splice(0).forEach((release) => release()));

describe('where toasts show', () => {
  it('on the page with no dialog open, in the topmost open dialog otherwise', () => {
    expect(toastHost()).toBeNull();
    open('create');
    expect(toastHost()).toBe('create');
    open('confirm');
    expect(toastHost()).toBe('confirm');
    releases.pop()!();
    expect(toastHost()).toBe('create');
    releases.pop()!();
    expect(toastHost()).toBeNull();
  });

  it('a dialog closed under another leaves the top one showing them; reopened, it is on top', () => {
    open('first');
    open('second');
    const [closeFirst] = releases.splice(0, 1);
    closeFirst!();
    expect(toastHost()).toBe('second');
    open('first');
    expect(toastHost()).toBe('first');
  });
});
