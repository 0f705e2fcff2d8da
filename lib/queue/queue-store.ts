/**
 * The export queue in IndexedDB, in the extension's one database (lib/store/db-schema,
 * version 4). Every record is validated on read; a damaged one is left out, never sent.
 */
import type { IDBPDatabase } from 'idb';
import { connection, type Connection } from '@/lib/store/connection';
import { DB_NAME, type ExportDB } from '@/lib/store/db-schema';
import { toStoreError } from '@/lib/store/errors';
import { queueEntrySchema, type QueueEntry } from './entry';

const parse = (raws: unknown[]): QueueEntry[] => raws.map((raw) => queueEntrySchema.safeParse(raw)).flatMap((r) => (r.success ? [r.data] : []));

export class QueueStore {
  private readonly connection: Connection;

  constructor(name: string = DB_NAME) {
    this.connection = connection(name);
  }

  private db(): Promise<IDBPDatabase<ExportDB>> {
    return this.connection.get();
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

  close(): Promise<void> {
    return this.connection.close();
  }
}
