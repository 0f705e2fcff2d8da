/**
 * One connection to the extension's database per store object, opened on first use at the
 * current version (migrating as needed) and dropped when it is lost, so the next use opens
 * it again: when a newer version of the extension wants to upgrade (we close and let it), or
 * when the browser closes it.
 */
import { openDB, type IDBPDatabase } from 'idb';
import { DB_VERSION, upgrade, type ExportDB } from './db-schema';
import { toStoreError } from './errors';

export interface Connection {
  get(): Promise<IDBPDatabase<ExportDB>>;
  close(): Promise<void>;
}

export function connection(name: string): Connection {
  let current: Promise<IDBPDatabase<ExportDB>> | null = null;
  return {
    get() {
      if (!current) {
        const opening = openDB<ExportDB>(name, DB_VERSION, {
          upgrade: (db, oldVersion, _newVersion, tx) => upgrade(db, oldVersion, tx),
          // An old tab keeps the previous version open: the open continues once it closes (it is
          // told to close here, as `blocking`, when it runs this code too).
          blocking: () => {
            void opening.then((db) => db.close());
            current = null;
          },
          terminated: () => {
            current = null;
          },
        });
        current = opening;
        opening.catch(() => {
          if (current === opening) current = null;
        });
      }
      return current.catch((error: unknown) => {
        throw toStoreError(error);
      });
    },
    async close() {
      const open = current;
      current = null;
      if (open) (await open.catch(() => null))?.close();
    },
  };
}
