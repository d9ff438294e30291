import { Menu, type MenuItemConstructorOptions } from 'electron';
import type { MenuItemSpec, ShellAction } from '../desktop/menu-template';

/** The menus of src/main/desktop as Electron templates: an item with an action calls `run`. */
export function toTemplate(
  items: readonly MenuItemSpec[],
  run: (action: ShellAction) => void,
): MenuItemConstructorOptions[] {
  return items.map((item): MenuItemConstructorOptions => {
    if (item.type === 'separator') return { type: 'separator' };
    const { action } = item;
    return {
      ...(item.label !== undefined ? { label: item.label } : {}),
      ...(item.role ? { role: item.role } : {}),
      ...(item.accelerator ? { accelerator: item.accelerator } : {}),
      ...(item.enabled === false ? { enabled: false } : {}),
      ...(item.submenu ? { submenu: toTemplate(item.submenu, run) } : {}),
      ...(action ? { click: () => run(action) } : {}),
    };
  });
}

export function buildMenu(items: readonly MenuItemSpec[], run: (action: ShellAction) => void) {
  return Menu.buildFromTemplate(toTemplate(items, run));
}
