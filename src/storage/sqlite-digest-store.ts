// DigestStore on SQLite: schedules, alert subscriptions, the delivery ledger and small state, in riskon's
// database. The ledger's primary key makes a delivery's claim atomic.
import type { DatabaseSync } from "node:sqlite";
import type { ChatSettings } from "../core/schedules/chat-settings.ts";
import {
  type AlertSubscription,
  type Delivery,
  type DeliveryStatus,
  type DigestSchedule,
  type DigestStore,
  dueAt,
  type Target,
} from "../core/schedules/digest.ts";
import { type DeliveryRow, type SubscriptionRow, toDelivery, toSubscription } from "./ledger-rows.ts";
import { type Migration, migrate } from "./sqlite.ts";

const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: "digest schedules, alert subscriptions, delivery ledger",
    sql: `
      CREATE TABLE digest_schedules (
        platform TEXT NOT NULL,
        chat_id TEXT NOT NULL,
        body TEXT NOT NULL,
        PRIMARY KEY (platform, chat_id)
      );
      CREATE TABLE alert_subscriptions (
        platform TEXT NOT NULL,
        chat_id TEXT NOT NULL,
        created_by TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        PRIMARY KEY (platform, chat_id)
      );
      CREATE TABLE deliveries (
        key TEXT PRIMARY KEY,
        status TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'failed', 'skipped', 'retry')),
        attempts INTEGER NOT NULL,
        detail TEXT,
        updated_at INTEGER NOT NULL
      );
      CREATE TABLE digest_meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
    `,
  },
  {
    version: 2,
    name: "the process run that claimed a delivery, so a send cut off by a crash is resumed",
    sql: "ALTER TABLE deliveries ADD COLUMN owner TEXT;",
  },
  {
    version: 3,
    name: "each chat's /settings (its answers' defaults and digest time zone)",
    sql: `
      CREATE TABLE chat_settings (
        platform TEXT NOT NULL,
        chat_id TEXT NOT NULL,
        body TEXT NOT NULL,
        PRIMARY KEY (platform, chat_id)
      );
    `,
  },
  {
    version: 4,
    name: "the forum topic alerts were turned on in",
    sql: "ALTER TABLE alert_subscriptions ADD COLUMN thread_id TEXT;",
  },
  {
    version: 5,
    name: "when each schedule is next due (a tick reads only those), the ledger by age (pruned)",
    sql: `
      ALTER TABLE digest_schedules ADD COLUMN due_at INTEGER;
      CREATE INDEX digest_schedules_due ON digest_schedules (due_at);
      CREATE INDEX deliveries_updated ON deliveries (updated_at);
    `,
  },
  {
    version: 6,
    name: "when each meta entry was written, so what is only ever added (file_ids, leases) is pruned",
    sql: `
      ALTER TABLE digest_meta ADD COLUMN updated_at INTEGER NOT NULL DEFAULT 0;
      UPDATE digest_meta SET updated_at = CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER);
    `,
  },
];

export class SqliteDigestStore implements DigestStore {
  constructor(private readonly db: DatabaseSync) {
    migrate(db, "digests", MIGRATIONS);
  }

  async saveSchedule(schedule: DigestSchedule): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO digest_schedules (platform, chat_id, body, due_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (platform, chat_id) DO UPDATE SET body = excluded.body, due_at = excluded.due_at`,
      )
      .run(schedule.platform, schedule.chatId, JSON.stringify(schedule), dueAt(schedule) ?? -1);
  }

  async getSchedule(target: Target): Promise<DigestSchedule | null> {
    const row = this.db
      .prepare("SELECT body FROM digest_schedules WHERE platform = ? AND chat_id = ?")
      .get(target.platform, target.chatId) as { body: string } | undefined;
    return row ? (JSON.parse(row.body) as DigestSchedule) : null;
  }

  async listSchedules(): Promise<readonly DigestSchedule[]> {
    const rows = this.db
      .prepare("SELECT body FROM digest_schedules ORDER BY platform, chat_id")
      .all() as Array<{ body: string }>;
    return rows.map((row) => JSON.parse(row.body) as DigestSchedule);
  }

  async listDueSchedules(now: number): Promise<readonly DigestSchedule[]> {
    // A row from before due_at was kept (NULL) is looked at once; saving it sets the column. Paused: -1.
    const rows = this.db
      .prepare(
        "SELECT body FROM digest_schedules WHERE due_at IS NULL OR (due_at >= 0 AND due_at <= ?) ORDER BY due_at",
      )
      .all(now) as Array<{ body: string }>;
    return rows.map((row) => JSON.parse(row.body) as DigestSchedule).filter((s) => !s.paused);
  }

  async listFailedDeliveries(since: number, limit: number): Promise<readonly Delivery[]> {
    const rows = this.db
      .prepare(
        "SELECT key, status, attempts, detail, updated_at, owner FROM deliveries WHERE status = 'failed' AND updated_at >= ? ORDER BY updated_at DESC LIMIT ?",
      )
      .all(since, limit) as unknown as DeliveryRow[];
    return rows.map(toDelivery);
  }

  async pruneDeliveries(before: number): Promise<number> {
    return Number(this.db.prepare("DELETE FROM deliveries WHERE updated_at < ?").run(before).changes);
  }

  async removeSchedule(target: Target): Promise<boolean> {
    const result = this.db
      .prepare("DELETE FROM digest_schedules WHERE platform = ? AND chat_id = ?")
      .run(target.platform, target.chatId);
    return Number(result.changes) > 0;
  }

  async setSubscription(subscription: AlertSubscription, on: boolean): Promise<void> {
    if (on) {
      this.db
        .prepare(
          "INSERT INTO alert_subscriptions (platform, chat_id, created_by, created_at, thread_id) VALUES (?, ?, ?, ?, ?) ON CONFLICT (platform, chat_id) DO UPDATE SET thread_id = excluded.thread_id",
        )
        .run(
          subscription.platform,
          subscription.chatId,
          subscription.createdBy,
          subscription.createdAt,
          subscription.threadId ?? null,
        );
    } else {
      this.db
        .prepare("DELETE FROM alert_subscriptions WHERE platform = ? AND chat_id = ?")
        .run(subscription.platform, subscription.chatId);
    }
  }

  async getSubscription(target: Target): Promise<AlertSubscription | null> {
    const row = this.db
      .prepare(
        "SELECT platform, chat_id, created_by, created_at, thread_id FROM alert_subscriptions WHERE platform = ? AND chat_id = ?",
      )
      .get(target.platform, target.chatId) as SubscriptionRow | undefined;
    return row ? toSubscription(row) : null;
  }

  async listSubscriptions(): Promise<readonly AlertSubscription[]> {
    const rows = this.db
      .prepare(
        "SELECT platform, chat_id, created_by, created_at, thread_id FROM alert_subscriptions ORDER BY platform, chat_id",
      )
      .all() as unknown as SubscriptionRow[];
    return rows.map(toSubscription);
  }

  async claimDelivery(key: string, now: number, owner: string): Promise<boolean> {
    // One statement: a new key is inserted as pending; an existing key is taken over from `retry`, or from a
    // `pending` of another run (cut off by a crash; a NULL owner is one from before owners were recorded).
    const result = this.db
      .prepare(
        `INSERT INTO deliveries (key, status, attempts, updated_at, owner) VALUES (?, 'pending', 1, ?, ?)
         ON CONFLICT (key) DO UPDATE SET status = 'pending', attempts = attempts + 1,
           updated_at = excluded.updated_at, owner = excluded.owner
         WHERE deliveries.status = 'retry'
            OR (deliveries.status = 'pending' AND (deliveries.owner IS NULL OR deliveries.owner <> excluded.owner))`,
      )
      .run(key, now, owner);
    return Number(result.changes) > 0;
  }

  async finishDelivery(
    key: string,
    status: Exclude<DeliveryStatus, "pending">,
    now: number,
    detail?: string,
  ): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO deliveries (key, status, attempts, detail, updated_at) VALUES (?, ?, 0, ?, ?)
         ON CONFLICT (key) DO UPDATE SET status = excluded.status, detail = excluded.detail, updated_at = excluded.updated_at`,
      )
      .run(key, status, detail ?? null, now);
  }

  async getDelivery(key: string): Promise<Delivery | null> {
    const row = this.db
      .prepare("SELECT key, status, attempts, detail, updated_at, owner FROM deliveries WHERE key = ?")
      .get(key) as DeliveryRow | undefined;
    return row ? toDelivery(row) : null;
  }

  async getChatSettings(target: Target): Promise<ChatSettings | null> {
    const row = this.db
      .prepare("SELECT body FROM chat_settings WHERE platform = ? AND chat_id = ?")
      .get(target.platform, target.chatId) as { body: string } | undefined;
    return row ? (JSON.parse(row.body) as ChatSettings) : null;
  }

  async saveChatSettings(settings: ChatSettings): Promise<void> {
    this.db
      .prepare(
        "INSERT INTO chat_settings (platform, chat_id, body) VALUES (?, ?, ?) ON CONFLICT (platform, chat_id) DO UPDATE SET body = excluded.body",
      )
      .run(settings.platform, settings.chatId, JSON.stringify(settings));
  }

  async removeChatSettings(target: Target): Promise<boolean> {
    const result = this.db
      .prepare("DELETE FROM chat_settings WHERE platform = ? AND chat_id = ?")
      .run(target.platform, target.chatId);
    return Number(result.changes) > 0;
  }

  async getMeta(name: string): Promise<string | null> {
    const row = this.db.prepare("SELECT value FROM digest_meta WHERE name = ?").get(name) as
      | { value: string }
      | undefined;
    return row?.value ?? null;
  }

  async claimMeta(name: string, now: number, leaseMs: number): Promise<boolean> {
    const taken = this.db
      .prepare(
        `INSERT INTO digest_meta (name, value, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
         WHERE CAST(digest_meta.value AS INTEGER) <= ?
         RETURNING name`,
      )
      .all(name, String(now + leaseMs), now, now);
    return taken.length > 0;
  }

  async setMeta(name: string, value: string): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO digest_meta (name, value, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
      )
      .run(name, value, Date.now());
  }

  async pruneMeta(prefix: string, before: number): Promise<number> {
    // substr, not LIKE: a prefix's own % or _ is not a pattern.
    const result = this.db
      .prepare("DELETE FROM digest_meta WHERE substr(name, 1, ?) = ? AND updated_at < ?")
      .run(prefix.length, prefix, before);
    return Number(result.changes);
  }
}
