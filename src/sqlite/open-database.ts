import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export type SqliteDatabase = Database.Database;

export interface OpenDatabaseOptions {
  /**
   * Path to a better_sqlite3.node built for the running runtime. Electron's main process needs the
   * binary built against Electron's ABI (see scripts/electron-native.ts); Node uses the default.
   */
  nativeBinding?: string;
  readonly?: boolean;
}

/**
 * Opens (creating if needed) a database the way every Kyrios Desk database is opened: WAL, foreign
 * keys enforced, a busy timeout so a second connection waits instead of failing.
 */
export function openDatabase(file: string, options: OpenDatabaseOptions = {}): SqliteDatabase {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file, {
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    readonly: options.readonly ?? false,
  });
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    // NORMAL in WAL mode loses no committed transaction on a process crash, only on power loss.
    db.pragma('synchronous = NORMAL');
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}
