// Scheduled digests and alert subscriptions: their records, the store port that keeps them with a delivery
// ledger, and the sender port the platforms implement.
import type { Reply } from "../answers/reply.ts";
import type { ChatSettings } from "./chat-settings.ts";
import { type DayRule, nextFire } from "./schedule.ts";
import type { Platform, Target } from "./target.ts";

export type { Platform, Target } from "./target.ts";

export type DigestContent = "russell" | "altseason" | "both" | "liquidity" | "all";

/** The commands a digest posts, in order: its chart is the first one's. */
export const DIGEST_COMMANDS: Readonly<Record<DigestContent, readonly string[]>> = {
  russell: ["russell"],
  altseason: ["altseason"],
  liquidity: ["liquidity"],
  both: ["russell", "altseason"],
  // With the liquidity line: the net liquidity's status (its 13-week change and regime, FRED, its date).
  all: ["russell", "altseason", "liquidity"],
};
export type Theme = "dark" | "light";

export interface DigestSchedule extends Target {
  readonly minuteOfDay: number;
  readonly timeZone: string;
  readonly days: DayRule;
  readonly content: DigestContent;
  readonly theme: Theme;
  /** Discord role to mention when posting. */
  readonly mentionRoleId?: string;
  /** Telegram forum topic it was set in: the digest is posted there. */
  readonly threadId?: string;
  /** User who set it up: told when the schedule is paused because the chat is gone. */
  readonly createdBy: string;
  readonly paused: boolean;
  readonly pausedReason?: string;
  readonly createdAt: number;
  /** Fires after this instant (epoch ms) are still to be evaluated. */
  readonly checkedUntil: number;
}

export interface AlertSubscription extends Target {
  /** Telegram forum topic it was turned on in: alerts are posted there. */
  readonly threadId?: string;
  readonly createdBy: string;
  readonly createdAt: number;
}

export type DeliveryStatus = "pending" | "sent" | "failed" | "skipped" | "retry";

export interface Delivery {
  /** digest:<platform>:<chat>:<local date>:<minute of day>@<zone>, or alert:<event key>:<platform>:<chat>. */
  readonly key: string;
  readonly status: DeliveryStatus;
  readonly attempts: number;
  readonly detail?: string;
  readonly updatedAt: number;
  /** The process run that claimed it: a `pending` entry of another run was cut off by a crash. */
  readonly owner?: string;
}

/** Meta entries under `prefix` are kept `keepMs` after they were last written (DigestStore.pruneMeta). */
export interface MetaRetention {
  readonly prefix: string;
  readonly keepMs: number;
}

export interface DigestStore {
  saveSchedule(schedule: DigestSchedule): Promise<void>;
  getSchedule(target: Target): Promise<DigestSchedule | null>;
  listSchedules(): Promise<readonly DigestSchedule[]>;
  removeSchedule(target: Target): Promise<boolean>;
  setSubscription(subscription: AlertSubscription, on: boolean): Promise<void>;
  getSubscription(target: Target): Promise<AlertSubscription | null>;
  listSubscriptions(): Promise<readonly AlertSubscription[]>;
  /**
   * Records the intent to deliver before sending, for the process run `owner`. Returns true for a new key, a
   * `retry`, or a `pending` entry of another run whose claim lease is over (a send a crash cut off: it is
   * resumed, and the one message that was in flight may arrive twice); false when it was sent, failed for good,
   * skipped, is in flight in this run, or is in flight in another instance within its lease. The embedded stores
   * serve one process at a time, so another run's pending entry is always cut off (no lease); Postgres, shared
   * by several instances, gives each claim a lease.
   */
  claimDelivery(key: string, now: number, owner: string): Promise<boolean>;
  finishDelivery(
    key: string,
    status: Exclude<DeliveryStatus, "pending">,
    now: number,
    detail?: string,
  ): Promise<void>;
  getDelivery(key: string): Promise<Delivery | null>;
  /**
   * The active schedules that may owe a digest by `now`: those whose `dueAt` (kept beside each schedule when
   * it is saved) is at or before it. A tick reads only these, so its work follows the schedules due.
   */
  listDueSchedules(now: number): Promise<readonly DigestSchedule[]>;
  /** Deliveries given up (`failed`) since `since`, newest first, at most `limit`. */
  listFailedDeliveries(since: number, limit: number): Promise<readonly Delivery[]>;
  /** Removes ledger entries last changed before `before`; returns how many. */
  pruneDeliveries(before: number): Promise<number>;
  getMeta(name: string): Promise<string | null>;
  /** Keeps `value` under `name`, stamped with when it was written (the wall clock), for pruneMeta. */
  setMeta(name: string, value: string): Promise<void>;
  /**
   * Removes the meta entries whose names start with `prefix` last written (set or claimed) before `before`;
   * returns how many. For state that is only ever added (a chart's file_id per data version, a lease per
   * webhook setting): each owner names its prefix and how long its entries are worth keeping (MetaRetention).
   */
  pruneMeta(prefix: string, before: number): Promise<number>;
  /**
   * Takes `name` for `leaseMs` from `now` unless another holder's lease on it is still running: true for the one
   * caller that gets it (instances starting together let one of them do a one-time step).
   */
  claimMeta(name: string, now: number, leaseMs: number): Promise<boolean>;
  /** A chat's /settings, or null when it has none. */
  getChatSettings(target: Target): Promise<ChatSettings | null>;
  saveChatSettings(settings: ChatSettings): Promise<void>;
  removeChatSettings(target: Target): Promise<boolean>;
}

/**
 * The ledger key of one day's digest. It names the schedule by its time and zone as well as its chat, so a
 * moderator who moves today's digest from 08:00 to 18:00 after it went out still gets the 18:00 one, while a
 * wall time that occurs twice (a clock change) is still one key.
 */
export function digestKey(
  schedule: Target & { readonly minuteOfDay: number; readonly timeZone: string },
  localDate: string,
): string {
  return `digest:${schedule.platform}:${schedule.chatId}:${localDate}:${schedule.minuteOfDay}@${schedule.timeZone}`;
}

/**
 * The earliest instant a schedule can owe a digest: its wall time on the first day after its checkpoint,
 * whatever its day rule (the scheduler applies the rule and the market calendar when it looks). Null for a paused
 * schedule; the checkpoint itself for one whose time zone cannot be computed (the next tick pauses it, saying why).
 */
export function dueAt(schedule: DigestSchedule): number | null {
  if (schedule.paused) return null;
  try {
    const every = { minuteOfDay: schedule.minuteOfDay, timeZone: schedule.timeZone, days: "every" as const };
    return nextFire(every, schedule.checkedUntil, () => true).instant;
  } catch {
    return schedule.checkedUntil;
  }
}

/**
 * A delivery that still fails for a retryable reason after this many claims (each up to the scheduler's attempts
 * with backoff, one tick apart) is given up: its ledger entry is `failed` with a detail beginning DEAD_LETTER, shown
 * to the chat's moderators in /status and counted in /metrics.
 */
export const MAX_DELIVERY_CLAIMS = 5;
export const DEAD_LETTER = "dead letter";

/** Ledger entries are kept this long: past it no digest or alert they guard can be due again. */
export const LEDGER_RETENTION_MS = 35 * 86_400_000;

export function alertKey(eventKey: string, target: Target): string {
  return `alert:${eventKey}:${target.platform}:${target.chatId}`;
}

/**
 * One post: a digest (its replies summed up beside one chart, the details a tap away) or an alert (text). A
 * sender turns it into exactly one platform message, so a chat gets the whole post or none of it.
 */
export interface OutgoingMessage {
  readonly replies: readonly Reply[];
  readonly png?: Uint8Array;
  readonly mentionRoleId?: string;
  /** The forum topic to post in (Telegram). */
  readonly threadId?: string;
  /** Plain text for alerts. */
  readonly text?: string;
  /** The ledger key: a platform that can deduplicate a resent message (Discord's nonce) uses it. */
  readonly deliveryId?: string;
}

/** Thrown by a sender when the chat cannot be reached again (bot removed, channel deleted, no permission). */
export class PermanentSendError extends Error {
  override readonly name: string = "PermanentSendError";
  constructor(
    message: string,
    /** What the moderator should do, when it is not "fix access, then resume what was turned off". */
    readonly remedy?: string,
  ) {
    super(message);
  }
}

/** Thrown by a sender when the message certainly did not go out and may be retried (429, 5xx before delivery). */
export class RetryableSendError extends Error {
  override readonly name = "RetryableSendError";
}

export interface Sender {
  readonly platform: Platform;
  send(chatId: string, message: OutgoingMessage): Promise<void>;
  /** Tells a user privately, where the platform allows it; false when it could not. */
  notifyUser(userId: string, text: string): Promise<boolean>;
}
