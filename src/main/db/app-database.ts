import { join } from 'node:path';
import { openDatabase, type SqliteDatabase } from '../../sqlite/open-database';
import { migrate } from '../../sqlite/migrate';
import { appMigrations } from './migrations';

export const APP_DATABASE_FILE = 'kyrios-desk.db';

/** Opens the app database in the data folder and brings it to the current schema. */
export function openAppDatabase(dataDir: string, nativeBinding?: string): SqliteDatabase {
  const db = openDatabase(join(dataDir, APP_DATABASE_FILE), nativeBinding ? { nativeBinding } : {});
  try {
    migrate(db, appMigrations);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}
