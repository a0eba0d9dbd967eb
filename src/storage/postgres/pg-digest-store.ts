// DigestStore on Postgres (node-postgres): the same records and rules as the SQLite store, shared by every
// instance of a deployment. The ledger's primary key makes a claim atomic across instances: of two instances
// claiming one delivery, exactly one gets it.
import pg from "pg";
import type { ChatSettings } from "../../core/schedules/chat-settings.ts";
import {
  type AlertSubscription,
  type Delivery,
  type DeliveryStatus,
  type DigestSchedule,
  type DigestStore,
  dueAt,
  type Target,
} from "../../core/schedules/digest.ts";
import { type DeliveryRow, type SubscriptionRow, toDelivery, toSubscription } from "../ledger-rows.ts";

/** BIGINT (epoch ms) as a number: exact up to 2^53, far past any date riskon keeps. */
const types = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === pg.types.builtins.INT8
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/** A pool for riskon's tables; `options` like "-c search_path=x" put them in a schema of their own. */
export function openPool(connectionString: string, extra: pg.PoolConfig = {}): pg.Pool {
  const pool = new pg.Pool({ connectionString, max: 10, connectionTimeoutMillis: 5000, types, ...extra });
  // An idle client's error (the server restarted) must not crash the process; the pool replaces the client.
  pool.on("error", () => {});
  return pool;
}

const bodies = <T>(rows: ReadonlyArray<{ body: string }>) => rows.map((r) => JSON.parse(r.body) as T);

/**
 * How long a claimed delivery is another instance's before it counts as cut off (its instance killed): longer
 * than any one send takes, retries included.
 */
export const CLAIM_LEASE_MS = 120_000;

export class PgDigestStore implements DigestStore {
  private readonly leaseMs: number;

  constructor(
    private readonly pool: pg.Pool,
    options: { readonly claimLeaseMs?: number } = {},
  ) {
    this.leaseMs = options.claimLeaseMs ?? CLAIM_LEASE_MS;
  }

  private async rows<R extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<R[]> {
    return (await this.pool.query<R>(sql, params)).rows;
  }

  private async changes(sql: string, params: unknown[]): Promise<number> {
    return (await this.pool.query(sql, params)).rowCount ?? 0;
  }

  async saveSchedule(schedule: DigestSchedule): Promise<void> {
    await this.pool.query(
      `INSERT INTO digest_schedules (platform, chat_id, body, due_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (platform, chat_id) DO UPDATE SET body = excluded.body, due_at = excluded.due_at`,
      [schedule.platform, schedule.chatId, JSON.stringify(schedule), dueAt(schedule)],
    );
  }

  async getSchedule(target: Target): Promise<DigestSchedule | null> {
    const rows = await this.rows<{ body: string }>(
      "SELECT body FROM digest_schedules WHERE platform = $1 AND chat_id = $2",
      [target.platform, target.chatId],
    );
    return bodies<DigestSchedule>(rows)[0] ?? null;
  }

  async listSchedules(): Promise<readonly DigestSchedule[]> {
    return bodies(await this.rows("SELECT body FROM digest_schedules ORDER BY platform, chat_id"));
  }

  async listDueSchedules(now: number): Promise<readonly DigestSchedule[]> {
    return bodies(
      await this.rows("SELECT body FROM digest_schedules WHERE due_at <= $1 ORDER BY due_at", [now]),
    );
  }

  async removeSchedule(target: Target): Promise<boolean> {
    return (
      (await this.changes("DELETE FROM digest_schedules WHERE platform = $1 AND chat_id = $2", [
        target.platform,
        target.chatId,
      ])) > 0
    );
  }

  async setSubscription(subscription: AlertSubscription, on: boolean): Promise<void> {
    if (!on) {
      await this.pool.query("DELETE FROM alert_subscriptions WHERE platform = $1 AND chat_id = $2", [
        subscription.platform,
        subscription.chatId,
      ]);
      return;
    }
    await this.pool.query(
      `INSERT INTO alert_subscriptions (platform, chat_id, created_by, created_at, thread_id)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (platform, chat_id) DO UPDATE SET thread_id = excluded.thread_id`,
      [
        subscription.platform,
        subscription.chatId,
        subscription.createdBy,
        subscription.createdAt,
        subscription.threadId ?? null,
      ],
    );
  }

  async getSubscription(target: Target): Promise<AlertSubscription | null> {
    const rows = await this.rows<SubscriptionRow>(
      "SELECT platform, chat_id, created_by, created_at, thread_id FROM alert_subscriptions WHERE platform = $1 AND chat_id = $2",
      [target.platform, target.chatId],
    );
    return rows[0] ? toSubscription(rows[0]) : null;
  }

  async listSubscriptions(): Promise<readonly AlertSubscription[]> {
    const rows = await this.rows<SubscriptionRow>(
      "SELECT platform, chat_id, created_by, created_at, thread_id FROM alert_subscriptions ORDER BY platform, chat_id",
    );
    return rows.map(toSubscription);
  }

  async claimDelivery(key: string, now: number, owner: string): Promise<boolean> {
    // As in SQLite: a new key is inserted pending; an existing one is taken over from `retry`, or from a
    // `pending` of another run once its lease is over (that instance was killed mid-send; another instance still
    // sending keeps it). Postgres locks the row, so of two claimants one wins.
    const claimed = await this.changes(
      `INSERT INTO deliveries (key, status, attempts, updated_at, owner) VALUES ($1, 'pending', 1, $2, $3)
       ON CONFLICT (key) DO UPDATE SET status = 'pending', attempts = deliveries.attempts + 1,
         updated_at = excluded.updated_at, owner = excluded.owner
       WHERE deliveries.status = 'retry'
          OR (deliveries.status = 'pending' AND (deliveries.owner IS NULL OR deliveries.owner <> excluded.owner)
              AND deliveries.updated_at <= $4)`,
      [key, now, owner, now - this.leaseMs],
    );
    return claimed > 0;
  }

  async finishDelivery(
    key: string,
    status: Exclude<DeliveryStatus, "pending">,
    now: number,
    detail?: string,
  ): Promise<void> {
    await this.pool.query(
      `INSERT INTO deliveries (key, status, attempts, detail, updated_at) VALUES ($1, $2, 0, $3, $4)
       ON CONFLICT (key) DO UPDATE SET status = excluded.status, detail = excluded.detail,
         updated_at = excluded.updated_at`,
      [key, status, detail ?? null, now],
    );
  }

  async getDelivery(key: string): Promise<Delivery | null> {
    const [row] = await this.rows<DeliveryRow>(
      "SELECT key, status, attempts, detail, updated_at, owner FROM deliveries WHERE key = $1",
      [key],
    );
    return row ? toDelivery(row) : null;
  }

  async listFailedDeliveries(since: number, limit: number): Promise<readonly Delivery[]> {
    const rows = await this.rows<DeliveryRow>(
      `SELECT key, status, attempts, detail, updated_at, owner FROM deliveries
       WHERE status = 'failed' AND updated_at >= $1 ORDER BY updated_at DESC LIMIT $2`,
      [since, limit],
    );
    return rows.map(toDelivery);
  }

  async pruneDeliveries(before: number): Promise<number> {
    return this.changes("DELETE FROM deliveries WHERE updated_at < $1", [before]);
  }

  async getChatSettings(target: Target): Promise<ChatSettings | null> {
    const rows = await this.rows<{ body: string }>(
      "SELECT body FROM chat_settings WHERE platform = $1 AND chat_id = $2",
      [target.platform, target.chatId],
    );
    return bodies<ChatSettings>(rows)[0] ?? null;
  }

  async saveChatSettings(settings: ChatSettings): Promise<void> {
    await this.pool.query(
      `INSERT INTO chat_settings (platform, chat_id, body) VALUES ($1, $2, $3)
       ON CONFLICT (platform, chat_id) DO UPDATE SET body = excluded.body`,
      [settings.platform, settings.chatId, JSON.stringify(settings)],
    );
  }

  async removeChatSettings(target: Target): Promise<boolean> {
    return (
      (await this.changes("DELETE FROM chat_settings WHERE platform = $1 AND chat_id = $2", [
        target.platform,
        target.chatId,
      ])) > 0
    );
  }

  async getMeta(name: string): Promise<string | null> {
    const [row] = await this.rows<{ value: string }>("SELECT value FROM digest_meta WHERE name = $1", [name]);
    return row?.value ?? null;
  }

  async claimMeta(name: string, now: number, leaseMs: number): Promise<boolean> {
    // The value is the lease's end (ms); only an ended lease is taken over, in one statement.
    const taken = await this.rows(
      `INSERT INTO digest_meta (name, value, updated_at) VALUES ($1, $2, $3)
       ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
       WHERE digest_meta.value::bigint <= $3
       RETURNING name`,
      [name, String(now + leaseMs), now],
    );
    return taken.length > 0;
  }

  async setMeta(name: string, value: string): Promise<void> {
    await this.pool.query(
      `INSERT INTO digest_meta (name, value, updated_at) VALUES ($1, $2, $3)
       ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
      [name, value, Date.now()],
    );
  }

  async pruneMeta(prefix: string, before: number): Promise<number> {
    // left(), not LIKE: a prefix's own % or _ is not a pattern.
    return this.changes("DELETE FROM digest_meta WHERE left(name, $1) = $2 AND updated_at < $3", [
      prefix.length,
      prefix,
      before,
    ]);
  }
}
