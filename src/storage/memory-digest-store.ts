// In-memory DigestStore: the tests' and the console's store. Same contract as the SQLite one.

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

const targetKey = (t: Target) => `${t.platform}:${t.chatId}`;

export class MemoryDigestStore implements DigestStore {
  private readonly schedules = new Map<string, DigestSchedule>();
  private readonly subscriptions = new Map<string, AlertSubscription>();
  private readonly deliveries = new Map<string, Delivery>();
  private readonly meta = new Map<string, string>();
  private readonly metaWritten = new Map<string, number>();
  private readonly settings = new Map<string, ChatSettings>();

  async getChatSettings(target: Target): Promise<ChatSettings | null> {
    return this.settings.get(targetKey(target)) ?? null;
  }
  async saveChatSettings(settings: ChatSettings): Promise<void> {
    this.settings.set(targetKey(settings), settings);
  }
  async removeChatSettings(target: Target): Promise<boolean> {
    return this.settings.delete(targetKey(target));
  }

  async saveSchedule(schedule: DigestSchedule): Promise<void> {
    this.schedules.set(targetKey(schedule), schedule);
  }
  async getSchedule(target: Target): Promise<DigestSchedule | null> {
    return this.schedules.get(targetKey(target)) ?? null;
  }
  async listSchedules(): Promise<readonly DigestSchedule[]> {
    return [...this.schedules.values()];
  }
  async removeSchedule(target: Target): Promise<boolean> {
    return this.schedules.delete(targetKey(target));
  }
  async listDueSchedules(now: number): Promise<readonly DigestSchedule[]> {
    return [...this.schedules.values()].filter((s) => {
      const at = dueAt(s);
      return at !== null && at <= now;
    });
  }
  async listFailedDeliveries(since: number, limit: number): Promise<readonly Delivery[]> {
    return [...this.deliveries.values()]
      .filter((d) => d.status === "failed" && d.updatedAt >= since)
      .sort((a, b) => b.updatedAt - a.updatedAt)
      .slice(0, limit);
  }
  async pruneDeliveries(before: number): Promise<number> {
    let removed = 0;
    for (const [key, d] of this.deliveries) {
      if (d.updatedAt < before && this.deliveries.delete(key)) removed++;
    }
    return removed;
  }
  async setSubscription(subscription: AlertSubscription, on: boolean): Promise<void> {
    if (on) this.subscriptions.set(targetKey(subscription), subscription);
    else this.subscriptions.delete(targetKey(subscription));
  }
  async getSubscription(target: Target): Promise<AlertSubscription | null> {
    return this.subscriptions.get(targetKey(target)) ?? null;
  }
  async listSubscriptions(): Promise<readonly AlertSubscription[]> {
    return [...this.subscriptions.values()];
  }
  async claimDelivery(key: string, now: number, owner: string): Promise<boolean> {
    const existing = this.deliveries.get(key);
    const cutOff = existing?.status === "pending" && existing.owner !== owner;
    if (existing && existing.status !== "retry" && !cutOff) return false;
    this.deliveries.set(key, {
      key,
      status: "pending",
      attempts: (existing?.attempts ?? 0) + 1,
      updatedAt: now,
      owner,
    });
    return true;
  }
  async finishDelivery(
    key: string,
    status: Exclude<DeliveryStatus, "pending">,
    now: number,
    detail?: string,
  ): Promise<void> {
    const existing = this.deliveries.get(key);
    this.deliveries.set(key, {
      key,
      status,
      attempts: existing?.attempts ?? 0,
      updatedAt: now,
      ...(detail ? { detail } : {}),
      ...(existing?.owner ? { owner: existing.owner } : {}),
    });
  }
  async getDelivery(key: string): Promise<Delivery | null> {
    return this.deliveries.get(key) ?? null;
  }
  async getMeta(name: string): Promise<string | null> {
    return this.meta.get(name) ?? null;
  }
  async setMeta(name: string, value: string): Promise<void> {
    this.meta.set(name, value);
    this.metaWritten.set(name, Date.now());
  }
  async claimMeta(name: string, now: number, leaseMs: number): Promise<boolean> {
    const held = this.meta.get(name);
    if (held !== undefined && Number(held) > now) return false;
    this.meta.set(name, String(now + leaseMs));
    this.metaWritten.set(name, now);
    return true;
  }
  async pruneMeta(prefix: string, before: number): Promise<number> {
    let removed = 0;
    for (const [name, at] of this.metaWritten)
      if (name.startsWith(prefix) && at < before) {
        this.meta.delete(name);
        this.metaWritten.delete(name);
        removed++;
      }
    return removed;
  }
}
