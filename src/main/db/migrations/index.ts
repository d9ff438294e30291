import type { Migration } from '../../../sqlite/migrate';
import { migration001 } from './001-accounts-domains';
import { migration002 } from './002-check-history';
import { migration003 } from './003-inventory';
import { migration004 } from './004-settings-secrets';
import { migration005 } from './005-audit-log';
import { migration006 } from './006-limit-guard';
import { migration007 } from './007-monitor';
import { migration008 } from './008-where-used';
import { migration009 } from './009-revoked-links';
import { migration010 } from './010-could-not-check';
import { migration011 } from './011-mail-checks';
import { migration012 } from './012-dns-check-dnssec-dmarc';

/** The app database's migrations, in order. Append only: never edit or reorder a released one. */
export const appMigrations: readonly Migration[] = [
  migration001,
  migration002,
  migration003,
  migration004,
  migration005,
  migration006,
  migration007,
  migration008,
  migration009,
  migration010,
  migration011,
  migration012,
];
