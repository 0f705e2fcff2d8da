/**
 * The export queue in IndexedDB, in the extension's one database (lib/store/db-schema,
 * version 4). Every record is validated on read; a damaged one is left out, never sent.
 */
import { openDB, type IDBPDatabase } from 'idb';
import { DB_NAME, DB_VERSION, upgrade, type ExportDB } from '@/lib/store/db-schema';
import { toStoreError } from '@/lib/store/errors';
import { queueEntrySchema, type QueueEntry } from './entry';

const parse = (raws: unknown[]): QueueEntry[] =>
  raws.map((raw) => queueEntrySchema.safeParse(raw)).flatMap((r) => (r.success ? [r.data] : []));

export class QueueStore {
  private connection: Promise<IDBPDatabase<ExportDB>> | null = null;

  constructor(private readonly name: string = DB_NAME) {}

  private async db(): Promise<IDBPDatabase<ExportDB>> {
    if (!this.connection) {
      const opening = openDB<ExportDB>(this.name, DB_VERSION, {
        upgrade: (db, oldVersion, _newVersion, tx) => upgrade(db, oldVersion, tx),
        // A newer version wants the database: let it upgrade, reopen on next use.
        blocking: () => {
          void opening.then((db) => db.close());
          this.connection = null;
        },
        terminated: () => {
          this.connection = null;
        },
      });
      this.connection = opening;
      opening.catch(() => {
        if (this.connection === opening) this.connection = null;
      });
    }
    return this.connection.catch((error: unknown) => {
      throw toStoreError(error);
    });
  }

  /** Writes these entries, all or nothing. */
  async put(entries: readonly QueueEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const db = await this.db();
    const tx = db.transaction('queue', 'readwrite');
    try {
      await Promise.all([...entries.map((entry) => tx.store.put(queueEntrySchema.parse(entry))), tx.done]);
    } catch (error) {
      throw toStoreError(error, tx.error);
    }
  }

  /** The entries still waiting, oldest first. */
  async queued(): Promise<QueueEntry[]> {
    const db = await this.db();
    const entries = parse(await db.getAllFromIndex('queue', 'byStatus', 'queued'));
    return entries.sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
  }

  async ofQueue(queueId: string): Promise<QueueEntry[]> {
    const db = await this.db();
    return parse(await db.getAllFromIndex('queue', 'byQueue', queueId));
  }

  async get(id: string): Promise<QueueEntry | undefined> {
    const db = await this.db();
    const parsed = queueEntrySchema.safeParse(await db.get('queue', id));
    return parsed.success ? parsed.data : undefined;
  }

  async close(): Promise<void> {
    const connection = this.connection;
    this.connection = null;
    if (connection) (await connection.catch(() => null))?.close();
  }
}
