// The rows the SQL stores (SQLite, Postgres) read back for the delivery ledger and alert subscriptions, as records.
import type { AlertSubscription, Delivery, DeliveryStatus } from "../core/schedules/digest.ts";

export interface DeliveryRow {
  key: string;
  status: DeliveryStatus;
  attempts: number;
  detail: string | null;
  updated_at: number;
  owner: string | null;
}

export interface SubscriptionRow {
  platform: AlertSubscription["platform"];
  chat_id: string;
  created_by: string;
  created_at: number;
  thread_id: string | null;
}

export function toDelivery(row: DeliveryRow): Delivery {
  return {
    key: row.key,
    status: row.status,
    attempts: row.attempts,
    updatedAt: row.updated_at,
    ...(row.detail ? { detail: row.detail } : {}),
    ...(row.owner ? { owner: row.owner } : {}),
  };
}

export function toSubscription(row: SubscriptionRow): AlertSubscription {
  return {
    platform: row.platform,
    chatId: row.chat_id,
    createdBy: row.created_by,
    createdAt: row.created_at,
    ...(row.thread_id !== null ? { threadId: row.thread_id } : {}),
  };
}
