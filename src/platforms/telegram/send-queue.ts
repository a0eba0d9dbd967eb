// The outgoing queue: paces sends within Telegram's limits (per chat, per group per minute, overall per second),
// waits out a 429's retry_after, and holds back a chat that answered 403 (blocked, kicked, never started) until
// it shows it can be written to again.
import { retry } from "../../core/base/retry.ts";
import type { SendPace } from "../../core/schedules/send-pace.ts";

export interface PacingLimits {
  /** Minimum gap between two messages to one chat. */
  readonly perChatMs: number;
  /** Messages per rolling minute to one group chat. */
  readonly perGroupPerMinute: number;
  /** Messages per rolling second over all chats. */
  readonly globalPerSecond: number;
}

export const TELEGRAM_LIMITS: PacingLimits = { perChatMs: 1000, perGroupPerMinute: 20, globalPerSecond: 30 };

const SHARED_HEADROOM = 0.8;

/**
 * The shared buckets of one bot: overall, evenly spaced at 80% of the per-second limit (no burst); per group, a burst
 * of half the minute's limit, then evenly spaced so that no rolling minute holds more than the limit
 * (GCRA's bound: 1 + (60 s + tolerance) / gap messages in any minute).
 */
export function sharedBuckets(botId: string, limits: PacingLimits, chatId: string, isGroup: boolean) {
  const perGroupGapMs = (2 * 60_000) / limits.perGroupPerMinute;
  // A fifth below the limit: the instances' sends are spaced when reserved, but a busy event loop or a slower
  // path delays some, and they arrive bunched.
  const overallGapMs = 1000 / (limits.globalPerSecond * SHARED_HEADROOM);
  const buckets = [{ bucket: `telegram:${botId}:all`, gapMs: overallGapMs, toleranceMs: 0 }];
  if (isGroup) {
    buckets.push({
      bucket: `telegram:${botId}:group:${chatId}`,
      gapMs: perGroupGapMs,
      toleranceMs: perGroupGapMs * (limits.perGroupPerMinute / 2 - 1),
    });
  }
  return buckets;
}

export interface SendQueueOptions {
  readonly limits?: PacingLimits;
  readonly log: (message: string, error?: unknown) => void;
  readonly clock?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  /** 429 retries per message before giving up. */
  readonly maxRetries?: number;
  /** How long a 403 keeps a chat marked unavailable when no update from it lifts the mark first. */
  readonly unavailableMs?: number;
  /**
   * The rate every instance of the bot shares (several instances on Postgres), with the bot's id (its token's
   * public part). Without it, the pacing here is this process's alone.
   */
  readonly shared?: { readonly pace: SendPace; readonly botId: string };
}

/** An hour: a missed update costs at most one refused send per chat per hour, not silence until restart. */
export const UNAVAILABLE_MS = 60 * 60 * 1000;

/** What telegraf's TelegramError carries; read structurally so this file needs no telegraf import. */
interface ApiFailure {
  readonly code?: unknown;
  readonly parameters?: { readonly retry_after?: unknown };
}

function failureCode(error: unknown): number | undefined {
  const code = (error as ApiFailure | null)?.code;
  return typeof code === "number" ? code : undefined;
}

function retryAfterSeconds(error: unknown): number {
  const value = (error as ApiFailure | null)?.parameters?.retry_after;
  return typeof value === "number" && value >= 0 ? value : 1;
}

/** Raised for a chat that has blocked or removed the bot, or a user who never pressed Start. */
export class ChatUnavailableError extends Error {
  override readonly name = "ChatUnavailableError";
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class SendQueue {
  private readonly limits: PacingLimits;
  private readonly clock: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly maxRetries: number;
  private readonly unavailableMs: number;
  /** Each chat's sends run one after another. */
  private readonly tails = new Map<string, Promise<unknown>>();
  private readonly lastSend = new Map<string, number>();
  private readonly groupSends = new Map<string, number[]>();
  /**
   * Overall sends in the last second. A send counts from when it was started until one second after its answer
   * came back: Telegram counts a message when it arrives, which is somewhere in between, so counting the whole
   * span keeps any second as Telegram sees it within the limit, whatever the upload time of a photo.
   */
  private globalSends: Array<{ readonly start: number; end: number }> = [];
  /** Global pacing is shared by all chats, so reservations are made one at a time. */
  private globalGate: Promise<void> = Promise.resolve();
  /**
   * Chats that answered 403, with when the mark lapses. A 403 means a group removed the bot or a user blocked it
   * or never pressed Start; writing again only earns another 403, so sends fail at once. But each of these is
   * undone on Telegram's side, and then an update comes from that chat (the user's /start, a button press, the
   * bot's my_chat_member when it is re-added or unblocked): markAvailable lifts the mark as soon as one arrives,
   * so the user's next reply is delivered. The mark also lapses after unavailableMs, so an update that never
   * reached this process (polled by another, sent while it was down) cannot keep a chat silent until restart.
   */
  private readonly unavailable = new Map<string, number>();
  /** Set while the whole bot is told to wait (a 429 applies to the bot, not one chat). */
  private pausedUntil = 0;
  private waiting = 0;
  private sharedFailing = false;

  constructor(private readonly options: SendQueueOptions) {
    this.limits = options.limits ?? TELEGRAM_LIMITS;
    this.clock = options.clock ?? Date.now;
    this.sleep = options.sleep ?? defaultSleep;
    this.maxRetries = options.maxRetries ?? 3;
    this.unavailableMs = options.unavailableMs ?? UNAVAILABLE_MS;
  }

  isUnavailable(chatId: string): boolean {
    const until = this.unavailable.get(chatId);
    if (until === undefined) return false;
    if (this.clock() < until) return true;
    this.unavailable.delete(chatId);
    return false;
  }

  /** An update came from this chat: it can be written to again (the user pressed Start, the bot was re-added). */
  markAvailable(chatId: string): void {
    this.unavailable.delete(chatId);
  }

  /** Sends queued or in flight, for the host's metrics. */
  get depth(): number {
    return this.waiting;
  }

  /** Waits for its turn, sends, and resolves with the API result; rejects with the API error if it failed. */
  send<T>(chatId: string, isGroup: boolean, call: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(chatId) ?? Promise.resolve();
    this.waiting++;
    const next = previous
      .catch(() => undefined)
      .then(() => this.sendNow(chatId, isGroup, call))
      .finally(() => {
        this.waiting--;
      });
    const tail = next.catch(() => undefined);
    this.tails.set(chatId, tail);
    void tail.then(() => {
      if (this.tails.get(chatId) === tail) this.tails.delete(chatId);
    });
    return next;
  }

  /** Resolves once every queued send has finished. */
  async drain(): Promise<void> {
    while (this.tails.size > 0) await Promise.all([...this.tails.values()]);
  }

  private sendNow<T>(chatId: string, isGroup: boolean, call: () => Promise<T>): Promise<T> {
    // A 429 applies to the whole bot: the attempt sets pausedUntil, and the next one waits for it in its turn.
    return retry(() => this.attempt(chatId, isGroup, call), {
      sleep: async () => {},
      delayMs: (error, attempt) => (failureCode(error) === 429 && attempt < this.maxRetries ? 0 : null),
    });
  }

  private async attempt<T>(chatId: string, isGroup: boolean, call: () => Promise<T>): Promise<T> {
    if (this.isUnavailable(chatId)) throw new ChatUnavailableError(`chat ${chatId} is unavailable`);
    const slot = await this.waitForTurn(chatId, isGroup);
    try {
      return await call();
    } catch (error) {
      const code = failureCode(error);
      if (code === 403) {
        if (!this.isUnavailable(chatId)) {
          this.unavailable.set(chatId, this.clock() + this.unavailableMs);
          this.options.log(
            `telegram: chat ${chatId} blocked or removed the bot, or never pressed Start; not writing there ` +
              `until it writes to the bot or for ${Math.round(this.unavailableMs / 60_000)} min`,
            error,
          );
        }
        throw new ChatUnavailableError(`chat ${chatId} is unavailable`);
      }
      if (code === 429) {
        const waitMs = retryAfterSeconds(error) * 1000;
        this.pausedUntil = Math.max(this.pausedUntil, this.clock() + waitMs);
        this.options.log(`telegram: rate limited in chat ${chatId}; Telegram asks to wait ${waitMs} ms`);
      }
      throw error;
    } finally {
      slot.end = this.clock();
      this.lastSend.set(chatId, slot.end);
    }
  }

  private async waitForTurn(chatId: string, isGroup: boolean): Promise<{ start: number; end: number }> {
    // One chat's sends run one after another, so the previous one has answered: the gap counts from its answer.
    const chatReady = (this.lastSend.get(chatId) ?? Number.NEGATIVE_INFINITY) + this.limits.perChatMs;
    await this.sleepUntil(Math.max(chatReady, this.pausedUntil));
    if (isGroup) {
      const recent = (this.groupSends.get(chatId) ?? []).filter((t) => t > this.clock() - 60_000);
      const oldest = recent[0];
      if (recent.length >= this.limits.perGroupPerMinute && oldest !== undefined) {
        await this.sleepUntil(oldest + 60_000);
      }
    }
    // Reserve a global slot; a chain keeps two chats from taking the same slot.
    const slot = { start: 0, end: Number.POSITIVE_INFINITY };
    const reserved = this.globalGate.then(async () => {
      // Evenly spaced rather than in bursts of 30: as fast over a second, and a crash mid fan-out then cuts off
      // the one or two sends in flight instead of a whole burst (each of which would be sent again).
      const last = this.globalSends.at(-1)?.start;
      if (last !== undefined) await this.sleepUntil(last + 1000 / this.limits.globalPerSecond);
      for (;;) {
        const now = this.clock();
        this.globalSends = this.globalSends.filter((s) => s.end > now - 1000);
        if (this.globalSends.length < this.limits.globalPerSecond) break;
        const oldestEnd = Math.min(...this.globalSends.map((s) => s.end));
        // A send still in flight frees its slot one second after it ends: check again shortly.
        await this.sleepUntil(Number.isFinite(oldestEnd) ? oldestEnd + 1000 : now + 10);
      }
      slot.start = this.clock();
      this.globalSends.push(slot);
    });
    this.globalGate = reserved;
    await reserved;
    await this.waitForSharedTurn(chatId, isGroup);
    const now = this.clock();
    if (isGroup) {
      const kept = (this.groupSends.get(chatId) ?? []).filter((t) => t > now - 60_000);
      kept.push(now);
      this.groupSends.set(chatId, kept);
    }
    return slot;
  }

  /**
   * With other instances: the shared buckets' turn as well. Should the shared store fail, the send goes on this
   * process's pacing alone (said once until it works again): a digest is not lost to a rate store outage.
   */
  private async waitForSharedTurn(chatId: string, isGroup: boolean): Promise<void> {
    const shared = this.options.shared;
    if (!shared) return;
    try {
      const waits = await Promise.all(
        sharedBuckets(shared.botId, this.limits, chatId, isGroup).map((b) =>
          shared.pace.reserve(b.bucket, b.gapMs, b.toleranceMs),
        ),
      );
      this.sharedFailing = false;
      const wait = Math.max(0, ...waits);
      if (wait > 0) await this.sleep(wait);
    } catch (error) {
      if (!this.sharedFailing)
        this.options.log("telegram: the shared send rate is unavailable; pacing locally", error);
      this.sharedFailing = true;
    }
  }

  private async sleepUntil(time: number): Promise<void> {
    const ms = time - this.clock();
    if (ms > 0) await this.sleep(ms);
  }
}
