import { createAccountsRepo } from '../../../src/main/db/accounts-repo';
import { openAppDatabase } from '../../../src/main/db/app-database';
import type { Cleanup } from './temp-dir';
import { makeTempDir } from './temp-dir';

/** A fresh app database in its own folder, with one remote account `id`; closed and removed by `cleanup`. */
export function appDatabaseWithAccount(cleanup: Cleanup, id = 'a', prefix = 'kyrios-app-db-') {
  const temp = makeTempDir(prefix);
  cleanup.add(() => temp.remove());
  const db = openAppDatabase(temp.dir);
  cleanup.add(() => db.close());
  createAccountsRepo(db).ensure({
    id,
    kind: 'remote',
    label: id.toUpperCase(),
    baseUrl: 'http://x',
  });
  return db;
}
