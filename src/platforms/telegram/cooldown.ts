// Per-user and per-chat cooldowns against command spam. A user who is held back hears about it once per
// cooldown, then is ignored until it ends, so a flood never turns into a flood of notices.

export interface CooldownLimits {
  readonly userMs: number;
  readonly chatMs: number;
}

export type CooldownVerdict =
  | { readonly kind: "allow" }
  | { readonly kind: "notify"; readonly waitMs: number }
  | { readonly kind: "ignore" };

export class Cooldowns {
  private readonly userUntil = new Map<string, number>();
  private readonly chatUntil = new Map<string, number>();
  /** Users already told to wait, until when. */
  private readonly noticed = new Map<string, number>();

  constructor(
    private readonly limits: CooldownLimits,
    private readonly clock: () => number = Date.now,
  ) {}

  check(userId: string, chatId: string): CooldownVerdict {
    const now = this.clock();
    this.prune(now);
    const until = Math.max(this.userUntil.get(userId) ?? 0, this.chatUntil.get(chatId) ?? 0);
    if (until <= now) {
      this.userUntil.set(userId, now + this.limits.userMs);
      this.chatUntil.set(chatId, now + this.limits.chatMs);
      this.noticed.delete(userId);
      return { kind: "allow" };
    }
    if ((this.noticed.get(userId) ?? 0) > now) return { kind: "ignore" };
    this.noticed.set(userId, until);
    return { kind: "notify", waitMs: until - now };
  }

  /** Keeps the maps from growing with every user ever seen. */
  private prune(now: number): void {
    if (this.userUntil.size + this.chatUntil.size < 10_000) return;
    for (const map of [this.userUntil, this.chatUntil, this.noticed]) {
      for (const [key, until] of map) if (until <= now) map.delete(key);
    }
  }
}
