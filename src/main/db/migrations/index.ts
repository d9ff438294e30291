import type { Migration } from '../../../sqlite/migrate';
import { migration001 } from './001-accounts-domains';
import { migration002 } from './002-check-history';
import { migration003 } from './003-inventory';

/** The app database's migrations, in order. Append only: never edit or reorder a released one. */
export const appMigrations: readonly Migration[] = [migration001, migration002, migration003];
