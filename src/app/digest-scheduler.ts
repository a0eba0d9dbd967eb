// Sends scheduled digests and alerts exactly as the ledger allows: each distinct digest is composed once per
// tick and fanned out through the platform senders, which pace themselves. A digest is one post, so a chat gets
// all of it or none of it. The ledger records the intent before each send; a send a crash cut off is resumed by
// the next run within the grace window, so nothing is lost and at most the post in flight arrives twice.
import { randomUUID } from "node:crypto";
import type { Locale } from "../core/answers/locale.ts";
import { fullJitter, retry } from "../core/base/retry.ts";
import { alertText, type PendingAlert } from "../core/schedules/alerts.ts";
import {
  alertKey,
  DEAD_LETTER,
  type DigestContent,
  type DigestSchedule,
  type DigestStore,
  digestKey,
  LEDGER_RETENTION_MS,
  MAX_DELIVERY_CLAIMS,
  type MetaRetention,
  type OutgoingMessage,
  PermanentSendError,
  type Platform,
  RetryableSendError,
  type Sender,
  type Target,
  type Theme,
} from "../core/schedules/digest.ts";
import { type Fire, firesBetween, type MarketDayPredicate } from "../core/schedules/schedule.ts";

export interface ComposedDigest {
  readonly asOf: string;
  readonly message: OutgoingMessage;
}

export interface DigestSchedulerDeps {
  readonly store: DigestStore;
  readonly senders: ReadonlyMap<Platform, Sender>;
  /**
   * Runs the digest's commands and renders its chart; called once per distinct digest in a tick. `chat`: the
   * chat whose /settings (language, defaults) the answers take; absent for a chat without settings.
   */
  readonly compose: (content: DigestContent, theme: Theme, chat?: Target) => Promise<ComposedDigest>;
  readonly isMarketDay: MarketDayPredicate;
  /** The language a chat's alerts are written in (its /settings); English when absent. */
  readonly localeOf?: (chat: Target) => Promise<Locale>;
  readonly clock: () => number;
  /** Meta state only ever added (a chart's file_id per data version, leases): pruned with the ledger. */
  readonly metaRetention?: readonly MetaRetention[];
  readonly sleep: (ms: number) => Promise<void>;
  readonly log: (message: string, error?: unknown) => void;
  /** Missed digests older than this are skipped, not sent late. Default 3 hours. */
  readonly graceMs?: number;
  /** Attempts for a send that failed with a retryable error before leaving it to the next tick. Default 3. */
  readonly attempts?: number;
  /** This run's name in the ledger; a pending entry of another run was cut off by a crash. Default: random. */
  readonly owner?: string;
  /**
   * Deliveries in flight per platform. A delivery is claimed in the ledger when it starts, so this bounds what
   * a hard kill mid fan-out can lose (claimed, not yet recorded as sent) to about one second of sends.
   * Default 30: Telegram's overall limit per second.
   */
  readonly maxInFlight?: number;
}

export interface TickReport {
  readonly sent: number;
  readonly skipped: number;
  readonly failed: number;
  readonly deferred: number;
  /** Given up after MAX_DELIVERY_CLAIMS tries (the dead-letter state). */
  readonly dead: number;
  /** Distinct digests composed (rendered) in this tick. */
  readonly composed: number;
}

export const DEFAULT_GRACE_MS = 3 * 3600_000;
const PRUNE_EVERY_MS = 3600_000;
const RETRY_BASE_MS = 1000;

export type Outcome = "sent" | "failed" | "deferred" | "duplicate" | "dead";

/** A due fire as a job carries it: the schedule's chat and the fire; the schedule is read again when sent. */
export interface QueuedFire extends Target {
  /** The delivery's ledger key when it was queued: a schedule moved since to another time is not sent. */
  readonly key: string;
  readonly localDate: string;
  readonly instant: number;
}

const RECENT_COMPOSITION_MS = 60_000;

/** The report while a tick counts. */
type Tally = { -readonly [K in keyof TickReport]: TickReport[K] };

type ComposeOnce = (schedule: DigestSchedule) => Promise<ComposedDigest>;

interface DueFire {
  readonly schedule: DigestSchedule;
  readonly fire: Fire;
}

export class DigestScheduler {
  private readonly graceMs: number;
  private readonly attempts: number;
  private readonly maxInFlight: number;
  private readonly owner: string;
  private readonly slots = new Map<Platform, Semaphore>();
  private readonly pausing = new Map<string, Promise<void>>();
  private readonly missingSenders = new Set<Platform>();
  private running: Promise<TickReport> | null = null;
  private prunedAt = Number.NEGATIVE_INFINITY;
  private readonly recent = new Map<string, { at: number; pending: Promise<ComposedDigest> }>();
  /** Deliveries this run is sending now (claimed, not yet recorded). */
  private readonly sending = new Set<string>();

  constructor(private readonly deps: DigestSchedulerDeps) {
    this.graceMs = deps.graceMs ?? DEFAULT_GRACE_MS;
    this.attempts = deps.attempts ?? 3;
    this.maxInFlight = deps.maxInFlight ?? 30;
    this.owner = deps.owner ?? randomUUID();
  }

  private slotsFor(platform: Platform): Semaphore {
    let slots = this.slots.get(platform);
    if (!slots) {
      slots = new Semaphore(this.maxInFlight);
      this.slots.set(platform, slots);
    }
    return slots;
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

  private async runTick(): Promise<TickReport> {
    const now = this.deps.clock();
    const report: Tally = { sent: 0, skipped: 0, failed: 0, deferred: 0, dead: 0, composed: 0 };
    const schedules = await this.deps.store.listDueSchedules(now);
    const due = await this.collectDue(schedules, now, report);
    const deferredUntil = await this.deliverDue(due, report);
    await this.advanceCheckpoints(schedules, now, deferredUntil);
    await this.pruneLedger(now);
    return report;
  }

  /**
   * For a shared job queue (several instances): the fires due now, those past the grace window recorded as
   * skipped. `queue` takes each due fire (a job per schedule and local date); once all are queued, the
   * checkpoints move to now, so a fire is never owed twice and, should queueing fail, never lost.
   */
  async planDue(queue: (due: QueuedFire) => Promise<void>): Promise<{ queued: number; skipped: number }> {
    const now = this.deps.clock();
    const report: Tally = { sent: 0, skipped: 0, failed: 0, deferred: 0, dead: 0, composed: 0 };
    const schedules = await this.deps.store.listDueSchedules(now);
    const due = await this.collectDue(schedules, now, report);
    for (const { schedule, fire } of due) {
      const key = digestKey(schedule, fire.localDate);
      await queue({
        platform: schedule.platform,
        chatId: schedule.chatId,
        key,
        localDate: fire.localDate,
        instant: fire.instant,
      });
    }
    await this.advanceCheckpoints(schedules, now, new Map());
    await this.pruneLedger(now);
    return { queued: due.length, skipped: report.skipped };
  }

  /**
   * For a shared job queue: delivers one queued fire if its schedule still wants it (not removed, paused or
   * moved to another time), or records it as skipped when the queue reached it past the grace window.
   * Compositions are shared by the fires queued together (kept a minute).
   */
  async deliverQueued(queued: QueuedFire): Promise<Outcome | "skipped"> {
    const schedule = await this.deps.store.getSchedule(queued);
    const fire: Fire = { localDate: queued.localDate, instant: queued.instant, shifted: false };
    if (!schedule || schedule.paused) return "duplicate";
    if (digestKey(schedule, fire.localDate) !== queued.key) return "duplicate";
    const now = this.deps.clock();
    if (now - fire.instant > this.graceMs) {
      await this.skipLate(schedule, fire, now);
      return "skipped";
    }
    return this.deliverFire(schedule, fire, this.recentCompositions(now));
  }

  /** One composition per (content, theme, chat settings) for a minute: the fires of one minute share it. */
  private recentCompositions(now: number): ComposeOnce {
    for (const [id, entry] of this.recent) if (now - entry.at > RECENT_COMPOSITION_MS) this.recent.delete(id);
    return this.composeWith({
      get: (id) => this.recent.get(id)?.pending,
      set: (id, pending) => {
        this.recent.set(id, { at: now, pending });
        // A failed composition is not kept: the next fire tries again.
        pending.catch(() => this.recent.delete(id));
      },
    });
  }

  /**
   * Once an hour, the ledger entries no digest or alert can be due for again are removed, and the meta state past
   * its owner's retention.
   */
  private async pruneLedger(now: number): Promise<void> {
    if (now - this.prunedAt < PRUNE_EVERY_MS) return;
    this.prunedAt = now;
    const removed = await this.deps.store.pruneDeliveries(now - LEDGER_RETENTION_MS);
    if (removed > 0) this.deps.log(`delivery ledger: ${removed} entries older than 35 days removed`);
    for (const { prefix, keepMs } of this.deps.metaRetention ?? []) {
      const gone = await this.deps.store.pruneMeta(prefix, now - keepMs);
      if (gone > 0)
        this.deps.log(
          `stored state: ${gone} ${prefix}* entries older than ${keepMs / 86_400_000} days removed`,
        );
    }
  }

  /**
   * The fires owed since each due schedule's checkpoint; those past the grace window are recorded as skipped.
   * (A paused schedule is not due: /digest resume moves its checkpoint to then, so fires in a pause are not owed.)
   */
  private async collectDue(
    schedules: readonly DigestSchedule[],
    now: number,
    report: Tally,
  ): Promise<DueFire[]> {
    const due: DueFire[] = [];
    for (const schedule of schedules) {
      const fires = await this.firesOf(schedule, now);
      for (const fire of fires) {
        if (now - fire.instant > this.graceMs) {
          if (await this.skipLate(schedule, fire, now)) report.skipped++;
        } else due.push({ schedule, fire });
      }
    }
    return due;
  }

  /** The schedule's fires up to now; a schedule whose fires cannot be computed is paused with the reason. */
  private async firesOf(schedule: DigestSchedule, now: number): Promise<Fire[]> {
    try {
      return firesBetween(ruleOf(schedule), schedule.checkedUntil, now, this.deps.isMarketDay);
    } catch (error) {
      // One broken schedule (a time zone this runtime no longer knows) must not stop every other chat's digest.
      await this.deps.store.saveSchedule({
        ...schedule,
        paused: true,
        pausedReason: `its fire times cannot be computed: ${(error as Error).message}`,
      });
      this.deps.log(`digest for ${targetId(schedule)} paused: its fire times cannot be computed`, error);
      return [];
    }
  }

  /** Records a fire missed by more than the grace window as skipped (once, across instances). */
  private async skipLate(schedule: DigestSchedule, fire: Fire, now: number): Promise<boolean> {
    const key = digestKey(schedule, fire.localDate);
    const cutOff = (await this.deps.store.getDelivery(key))?.status === "pending";
    if (!(await this.deps.store.claimDelivery(key, now, this.owner))) return false;
    await this.deps.store.finishDelivery(key, "skipped", now, "missed by more than the grace window");
    this.deps.log(
      `digest ${key} skipped: due ${new Date(fire.instant).toISOString()}, now past the grace window` +
        (cutOff ? " (its send was cut off by a restart; it may or may not have arrived)" : ""),
    );
    return true;
  }

  /**
   * Composes each (content, theme) once and delivers every due fire. Returns, per chat, the checkpoint a
   * deferred fire holds the schedule at (just before it), so the next tick tries it again.
   */
  private async deliverDue(due: readonly DueFire[], report: Tally): Promise<Map<string, number>> {
    const composed = new Map<string, Promise<ComposedDigest>>();
    const composeOnce = this.composeWith({
      get: (id) => composed.get(id),
      set: (id, p) => composed.set(id, p),
    });
    const deferredUntil = new Map<string, number>();
    const holdAt = (schedule: DigestSchedule, fire: Fire) => {
      const earlier = deferredUntil.get(targetId(schedule)) ?? Number.POSITIVE_INFINITY;
      deferredUntil.set(targetId(schedule), Math.min(earlier, fire.instant - 1));
    };
    await Promise.all(
      due.map(async ({ schedule, fire }) => {
        const outcome = await this.deliverFire(schedule, fire, composeOnce);
        if (outcome === "sent") report.sent++;
        if (outcome === "failed") report.failed++;
        if (outcome === "dead") report.dead++;
        if (outcome === "deferred") {
          report.deferred++;
          holdAt(schedule, fire);
        }
      }),
    );
    report.composed = composed.size;
    return deferredUntil;
  }

  /** Chats with the same settings (most have none) share one composition, kept in `kept`. */
  private composeWith(kept: {
    get(id: string): Promise<ComposedDigest> | undefined;
    set(id: string, pending: Promise<ComposedDigest>): void;
  }): ComposeOnce {
    return async (schedule) => {
      const settings = await this.deps.store.getChatSettings(schedule);
      const variant = settings ? JSON.stringify([settings.language ?? "en", settings.defaults]) : "";
      const id = `${schedule.content}|${schedule.theme}|${variant}`;
      let pending = kept.get(id);
      if (!pending) {
        pending = this.deps.compose(schedule.content, schedule.theme, settings ? schedule : undefined);
        kept.set(id, pending);
      }
      return pending;
    };
  }

  private async deliverFire(
    schedule: DigestSchedule,
    fire: Fire,
    composeOnce: ComposeOnce,
  ): Promise<Outcome> {
    const key = digestKey(schedule, fire.localDate);
    let digest: ComposedDigest;
    try {
      digest = await composeOnce(schedule);
    } catch (error) {
      this.deps.log(`digest ${key}: could not compose ${schedule.content}`, error);
      return "deferred";
    }
    const message = {
      ...digest.message,
      ...(schedule.mentionRoleId ? { mentionRoleId: schedule.mentionRoleId } : {}),
      ...(schedule.threadId ? { threadId: schedule.threadId } : {}),
    };
    // A moderator may pause, remove or move the digest while this delivery waits for a send slot.
    const stillDue = async () => {
      const current = await this.deps.store.getSchedule(schedule);
      return current !== null && !current.paused && digestKey(current, fire.localDate) === key;
    };
    return this.deliver(key, schedule, message, stillDue);
  }

  /**
   * Moves each schedule looked at to now, or to just before its first deferred fire; read again first, so a
   * moderator's change during the tick is kept.
   */
  private async advanceCheckpoints(
    looked: readonly DigestSchedule[],
    now: number,
    deferredUntil: ReadonlyMap<string, number>,
  ): Promise<void> {
    for (const seen of looked) {
      const schedule = await this.deps.store.getSchedule(seen);
      if (!schedule || schedule.paused) continue;
      const checkedUntil = Math.max(schedule.checkedUntil, deferredUntil.get(targetId(schedule)) ?? now);
      if (checkedUntil !== schedule.checkedUntil)
        await this.deps.store.saveSchedule({ ...schedule, checkedUntil });
    }
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
            const locale = await this.deps.localeOf?.(subscription);
            const outcome = await this.deliver(alertKey(alert.key, subscription), subscription, {
              replies: [],
              text: alertText(alert, locale),
              ...(subscription.threadId ? { threadId: subscription.threadId } : {}),
            });
            if (outcome === "sent") sent++;
            if (outcome === "failed" || outcome === "dead") failed++;
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
    stillDue: () => Promise<boolean> = async () => true,
  ): Promise<Outcome> {
    const slots = this.slotsFor(target.platform);
    await slots.acquire();
    try {
      if (!(await stillDue())) return "duplicate";
      return await this.deliverNow(key, target, message);
    } finally {
      slots.release();
    }
  }

  /**
   * Claims the delivery and sends it as one post; a retryable failure is retried with backoff, then left to the
   * next tick. A post whose claim a crash left pending is resumed here like any other.
   */
  private async deliverNow(
    key: string,
    target: Target & { createdBy: string },
    message: OutgoingMessage,
  ): Promise<Outcome> {
    const { log } = this.deps;
    const sender = this.deps.senders.get(target.platform);
    if (!sender) {
      // Said once per platform: a schedule for a platform this process does not run waits every tick.
      if (!this.missingSenders.has(target.platform)) {
        this.missingSenders.add(target.platform);
        log(`${key}: ${target.platform} is not running in this process; its digests and alerts wait for it`);
      }
      return "deferred";
    }
    if (this.sending.has(key)) return "duplicate";
    this.sending.add(key);
    try {
      return await this.claimAndSend(key, target, message, sender);
    } finally {
      this.sending.delete(key);
    }
  }

  private async claimAndSend(
    key: string,
    target: Target & { createdBy: string },
    message: OutgoingMessage,
    sender: Sender,
  ): Promise<Outcome> {
    const { store, clock, log } = this.deps;
    const earlier = await store.getDelivery(key);
    if (!(await store.claimDelivery(key, clock(), this.owner))) {
      // Read after the claim (another instance may have claimed it since `earlier`): one still sending it keeps
      // it pending; it is looked at again next tick, and taken over if that instance dies before it is sent.
      const now = await store.getDelivery(key);
      if (now?.status === "pending" && now.owner === this.owner && (await this.reclaimOwn(key))) {
        log(`${key}: resuming a send that a store outage cut off`);
      } else {
        const elsewhere = now?.status === "pending" && now.owner !== this.owner;
        return elsewhere ? "deferred" : "duplicate";
      }
    } else if (earlier?.status === "pending") log(`${key}: resuming a send that a restart cut off`);
    try {
      await retry(() => sender.send(target.chatId, { ...message, deliveryId: key }), {
        sleep: this.deps.sleep,
        // Full jitter keeps a fan-out from retrying in lockstep.
        delayMs: (error, attempt) =>
          error instanceof RetryableSendError && attempt + 1 < this.attempts
            ? fullJitter(RETRY_BASE_MS, RETRY_BASE_MS * 2 ** attempt, attempt, Math.random)
            : null,
      });
      await store.finishDelivery(key, "sent", clock());
      return "sent";
    } catch (error) {
      if (error instanceof RetryableSendError) {
        const claims = (earlier?.attempts ?? 0) + 1;
        if (claims >= MAX_DELIVERY_CLAIMS) {
          const detail = `${DEAD_LETTER} after ${claims} tries of ${this.attempts} attempts: ${error.message}`;
          await store.finishDelivery(key, "failed", clock(), detail);
          log(`${key}: given up (${detail})`, error);
          return "dead";
        }
        await store.finishDelivery(key, "retry", clock(), error.message);
        log(`${key}: still failing after ${this.attempts} attempts; will retry next tick`, error);
        return "deferred";
      }
      await store.finishDelivery(key, "failed", clock(), (error as Error).message);
      if (error instanceof PermanentSendError) await this.pauseUnreachable(target, error);
      else log(`${key}: the platform refused the post; not resent`, error);
      return "failed";
    }
  }

  /**
   * A delivery pending in this run's name that this run is not sending: its claim or its result was cut off
   * on the way to or from the store (an outage, a restart of Postgres). Claimed again, it is sent (perhaps a
   * second time, when only the result was lost) rather than never.
   */
  private async reclaimOwn(key: string): Promise<boolean> {
    const { store, clock } = this.deps;
    await store.finishDelivery(key, "retry", clock(), "its claim was cut off by a store outage");
    return store.claimDelivery(key, clock(), this.owner);
  }

  /** One pause (and one message to the moderator) per chat, even when several sends to it fail at once. */
  private pauseUnreachable(target: Target & { createdBy: string }, error: PermanentSendError): Promise<void> {
    const id = targetId(target);
    let pausing = this.pausing.get(id);
    if (!pausing) {
      pausing = this.pauseNow(target, error).finally(() => this.pausing.delete(id));
      this.pausing.set(id, pausing);
    }
    return pausing;
  }

  private async pauseNow(target: Target & { createdBy: string }, error: PermanentSendError): Promise<void> {
    const reason = error.message;
    const { store, log } = this.deps;
    const schedule = await store.getSchedule(target);
    const pausing = schedule !== null && !schedule.paused;
    if (pausing) {
      await store.saveSchedule({ ...schedule, paused: true, pausedReason: `chat unreachable: ${reason}` });
    }
    const subscription = await store.getSubscription(target);
    if (subscription) await store.setSubscription(subscription, false);
    if (!pausing && !subscription) return; // already handled: the moderator was told the first time
    const turnedOff = [pausing ? "its digest is paused" : null, subscription ? "its alerts are off" : null]
      .filter(Boolean)
      .join(" and ");
    const undo = [pausing ? "/digest resume" : null, subscription ? "/alerts on" : null]
      .filter(Boolean)
      .join(" and ");
    log(`${target.platform} chat ${target.chatId} unreachable (${reason}); ${turnedOff}`);
    const sender = this.deps.senders.get(target.platform);
    const told = await sender
      ?.notifyUser(
        target.createdBy,
        `riskon could not post to chat ${target.chatId} (${reason}), so ${turnedOff}. ${error.remedy ?? `Fix access, then use ${undo} there.`}`,
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

/** Counts permits; waiters are served in order. */
class Semaphore {
  private readonly waiting: Array<() => void> = [];
  constructor(private available: number) {}
  async acquire(): Promise<void> {
    if (this.available > 0) {
      this.available--;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }
  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.available++;
  }
}
