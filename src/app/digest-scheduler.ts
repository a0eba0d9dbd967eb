// Sends scheduled digests and alerts exactly as the ledger allows: each distinct digest is composed once per
// tick and fanned out through the platform senders, which pace themselves. The ledger records the intent before
// each send; a send interrupted by a crash is not repeated (at-most-once, see README).
import type { PendingAlert } from "../core/alerts.ts";
import {
  alertKey,
  type DigestContent,
  type DigestSchedule,
  type DigestStore,
  digestKey,
  type OutgoingMessage,
  PermanentSendError,
  type Platform,
  RetryableSendError,
  type Sender,
  type Target,
  type Theme,
} from "../core/digest.ts";
import { type Fire, firesBetween, type MarketDayPredicate, nextFire } from "../core/schedule.ts";

export interface ComposedDigest {
  readonly asOf: string;
  readonly message: OutgoingMessage;
}

export interface DigestSchedulerDeps {
  readonly store: DigestStore;
  readonly senders: ReadonlyMap<Platform, Sender>;
  /** Runs the digest's commands and renders its chart; called once per distinct digest in a tick. */
  readonly compose: (content: DigestContent, theme: Theme) => Promise<ComposedDigest>;
  readonly isMarketDay: MarketDayPredicate;
  readonly clock: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly log: (message: string, error?: unknown) => void;
  /** Missed digests older than this are skipped, not sent late. Default 3 hours. */
  readonly graceMs?: number;
  /** Attempts for a send that failed with a retryable error before leaving it to the next tick. Default 3. */
  readonly attempts?: number;
}

export interface TickReport {
  readonly sent: number;
  readonly skipped: number;
  readonly failed: number;
  readonly deferred: number;
  /** Distinct digests composed (rendered) in this tick. */
  readonly composed: number;
}

export const DEFAULT_GRACE_MS = 3 * 3600_000;
const RETRY_BASE_MS = 1000;

type Outcome = "sent" | "failed" | "deferred" | "duplicate";

export class DigestScheduler {
  private readonly graceMs: number;
  private readonly attempts: number;
  private running: Promise<TickReport> | null = null;

  constructor(private readonly deps: DigestSchedulerDeps) {
    this.graceMs = deps.graceMs ?? DEFAULT_GRACE_MS;
    this.attempts = deps.attempts ?? 3;
  }

  /** Evaluates every schedule up to now. Overlapping calls share one run. */
  tick(): Promise<TickReport> {
    if (!this.running) {
      this.running = this.runTick().finally(() => {
        this.running = null;
      });
    }
    return this.running;
  }

  /** Earliest next fire among active schedules, for the real-time loop's timer. */
  async nextWakeUp(): Promise<number | null> {
    const now = this.deps.clock();
    const times = (await this.deps.store.listSchedules())
      .filter((s) => !s.paused)
      .map((s) => nextFire(ruleOf(s), Math.max(now, s.checkedUntil), this.deps.isMarketDay).instant);
    return times.length === 0 ? null : Math.min(...times);
  }

  private async runTick(): Promise<TickReport> {
    const now = this.deps.clock();
    const report = { sent: 0, skipped: 0, failed: 0, deferred: 0, composed: 0 };
    const due: Array<{ schedule: DigestSchedule; fire: Fire }> = [];
    for (const schedule of await this.deps.store.listSchedules()) {
      if (schedule.paused) {
        // Fires that fall in a pause are not owed after resuming.
        await this.deps.store.saveSchedule({ ...schedule, checkedUntil: now });
        continue;
      }
      for (const fire of firesBetween(ruleOf(schedule), schedule.checkedUntil, now, this.deps.isMarketDay)) {
        if (now - fire.instant > this.graceMs) {
          const key = digestKey(schedule, fire.localDate);
          if (await this.deps.store.claimDelivery(key, now)) {
            await this.deps.store.finishDelivery(key, "skipped", now, "missed by more than the grace window");
            this.deps.log(
              `digest ${key} skipped: due ${new Date(fire.instant).toISOString()}, now past the grace window`,
            );
            report.skipped++;
          }
        } else {
          due.push({ schedule, fire });
        }
      }
    }

    const composed = new Map<string, Promise<ComposedDigest>>();
    const composeOnce = (content: DigestContent, theme: Theme) => {
      const id = `${content}|${theme}`;
      let pending = composed.get(id);
      if (!pending) {
        pending = this.deps.compose(content, theme);
        composed.set(id, pending);
      }
      return pending;
    };

    const deferredUntil = new Map<string, number>();
    await Promise.all(
      due.map(async ({ schedule, fire }) => {
        const key = digestKey(schedule, fire.localDate);
        let digest: ComposedDigest;
        try {
          digest = await composeOnce(schedule.content, schedule.theme);
        } catch (error) {
          this.deps.log(`digest ${key}: could not compose ${schedule.content}`, error);
          report.deferred++;
          deferredUntil.set(targetId(schedule), fire.instant - 1);
          return;
        }
        const message = schedule.mentionRoleId
          ? { ...digest.message, mentionRoleId: schedule.mentionRoleId }
          : digest.message;
        const outcome = await this.deliver(key, schedule, message);
        if (outcome === "sent") report.sent++;
        if (outcome === "failed") report.failed++;
        if (outcome === "deferred") {
          report.deferred++;
          const earlier = deferredUntil.get(targetId(schedule)) ?? Number.POSITIVE_INFINITY;
          deferredUntil.set(targetId(schedule), Math.min(earlier, fire.instant - 1));
        }
      }),
    );
    report.composed = composed.size;

    for (const schedule of await this.deps.store.listSchedules()) {
      if (schedule.paused) continue;
      const checkedUntil = deferredUntil.get(targetId(schedule)) ?? now;
      await this.deps.store.saveSchedule({
        ...schedule,
        checkedUntil: Math.max(schedule.checkedUntil, checkedUntil),
      });
    }
    return report;
  }

  /**
   * Sends each alert once to every chat that was subscribed when it was detected. `unsettled` lists the alerts
   * that some chat has not got yet for a reason worth retrying (a retryable error, a platform not running).
   */
  async deliverAlerts(
    alerts: readonly PendingAlert[],
  ): Promise<{ sent: number; failed: number; unsettled: string[] }> {
    const subscriptions = await this.deps.store.listSubscriptions();
    let sent = 0;
    let failed = 0;
    const unsettled = new Set<string>();
    await Promise.all(
      alerts.flatMap(({ alert, detectedAt }) =>
        subscriptions
          .filter((subscription) => subscription.createdAt <= detectedAt)
          .map(async (subscription) => {
            const outcome = await this.deliver(alertKey(alert.key, subscription), subscription, {
              replies: [],
              text: alert.text,
            });
            if (outcome === "sent") sent++;
            if (outcome === "failed") failed++;
            if (outcome === "deferred") unsettled.add(alert.key);
          }),
      ),
    );
    return { sent, failed, unsettled: [...unsettled] };
  }

  private async deliver(
    key: string,
    target: Target & { createdBy: string },
    message: OutgoingMessage,
  ): Promise<Outcome> {
    const { store, clock, log } = this.deps;
    const sender = this.deps.senders.get(target.platform);
    if (!sender) {
      log(`${key}: no sender for ${target.platform}; left for later`);
      return "deferred";
    }
    if (!(await store.claimDelivery(key, clock()))) {
      const existing = await store.getDelivery(key);
      if (existing?.status === "pending") {
        log(`${key}: an earlier send was interrupted before it was recorded; not resent (at-most-once)`);
      }
      return "duplicate";
    }
    for (let attempt = 1; ; attempt++) {
      try {
        await sender.send(target.chatId, message);
        await store.finishDelivery(key, "sent", clock());
        return "sent";
      } catch (error) {
        if (error instanceof RetryableSendError && attempt < this.attempts) {
          // Full jitter keeps a fan-out from retrying in lockstep.
          await this.deps.sleep(Math.round(Math.random() * RETRY_BASE_MS * 2 ** (attempt - 1)));
          continue;
        }
        if (error instanceof RetryableSendError) {
          await store.finishDelivery(key, "retry", clock(), error.message);
          log(`${key}: still failing after ${attempt} attempts; will retry next tick`, error);
          return "deferred";
        }
        await store.finishDelivery(key, "failed", clock(), (error as Error).message);
        if (error instanceof PermanentSendError) {
          await this.pauseUnreachable(target, error.message);
        } else {
          log(`${key}: send failed with an unknown outcome; not resent (at-most-once)`, error);
        }
        return "failed";
      }
    }
  }

  private async pauseUnreachable(target: Target & { createdBy: string }, reason: string): Promise<void> {
    const { store, log } = this.deps;
    const schedule = await store.getSchedule(target);
    if (schedule && !schedule.paused) {
      await store.saveSchedule({ ...schedule, paused: true, pausedReason: `chat unreachable: ${reason}` });
    }
    const subscription = await store.getSubscription(target);
    if (subscription) await store.setSubscription(subscription, false);
    log(
      `${target.platform} chat ${target.chatId} unreachable (${reason}); its digest is paused and alerts are off`,
    );
    const sender = this.deps.senders.get(target.platform);
    const told = await sender
      ?.notifyUser(
        target.createdBy,
        `riskon could not post to chat ${target.chatId} (${reason}), so its digest is paused. Fix access and use /digest resume.`,
      )
      .catch(() => false);
    if (!told) log(`could not tell user ${target.createdBy} that chat ${target.chatId} was paused`);
  }
}

function targetId(target: Target): string {
  return `${target.platform}:${target.chatId}`;
}

function ruleOf(schedule: DigestSchedule) {
  return { minuteOfDay: schedule.minuteOfDay, timeZone: schedule.timeZone, days: schedule.days };
}
