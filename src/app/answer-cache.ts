// Answers kept by what they depend on. A pure command's answer (russell, altseason, caveats, claims) is kept under
// its command, options, language and date, together with the version of every series and figure it read while it
// was computed (recorded through the market and evidence ports). A repeated question checks those versions
// again, cheaply (the data layer serves each series from memory), and is answered from the cache only when all
// are unchanged: a new bar, a new stored segment or a new evidence figure is a new version and a new answer,
// never a stale one. Identical questions in flight share one computation. Rendered charts are kept beside the
// answers under the answer's version and the theme. One LRU bounded in bytes (RISKON_CACHE_MB) holds both.
import { createHash } from "node:crypto";
import { LRUCache } from "lru-cache";
import type { Reply } from "../core/answers/command.ts";
import type { IsoDate } from "../core/base/dates.ts";
import type { Caveat, EvidenceSource } from "../core/evidence/evidence.ts";
import type { FredSeries, LiquidityData, MarketData, MonthlyRanking, SeriesData } from "../core/ports.ts";

/** One read the answer made, and the version of what it got. */
interface Dependency {
  readonly kind: "series" | "list" | "rankings" | "overview" | "caveats" | "reported" | "fred";
  readonly arg: string;
  readonly version: string;
}

type Entry =
  | {
      readonly kind: "answer";
      readonly reply: Reply;
      readonly deps: readonly Dependency[];
      readonly size: number;
    }
  | { readonly kind: "png"; readonly png: Uint8Array };

export interface CacheStats {
  readonly hits: number;
  readonly misses: number;
  readonly evictions: number;
  readonly bytes: number;
  readonly maxBytes: number;
  readonly entries: number;
}

/** The curated figures as published (a live evidence source has them beside its computed ones). */
type WithReported = EvidenceSource & { reported?(today: IsoDate): Promise<readonly Caveat[]> };

/** Heap bytes an answer takes per character of its JSON (calibrated by the cache-memory bench). */
const BYTES_PER_JSON_CHAR = 6;

const hash = (text: string) => createHash("sha1").update(text).digest("hex").slice(0, 16);

/** A series' version: who served it, how fresh, through which date, how many bars and the last close. */
export function seriesVersion(data: SeriesData): string {
  const last = data.bars.at(-1);
  const s = data.source;
  return `${s.provider}|${s.freshness}|${s.lastDate}|${data.bars.length}|${last?.date}|${last?.close}|${s.note ?? ""}|${(data.notes ?? []).length}`;
}

/** A FRED series' version: who served it, how fresh, its observations' count and last one. */
export function fredVersion(data: FredSeries): string {
  const last = data.observations.at(-1);
  const s = data.source;
  return `${s.provider}|${s.freshness}|${data.observations.length}|${last?.date}|${last?.value}|${s.note ?? ""}`;
}

/** The ports an answer reads, each recorded by the cache. */
export interface AnswerPorts {
  readonly market: MarketData;
  readonly evidence: EvidenceSource | undefined;
  readonly liquidity?: LiquidityData | undefined;
}

/** Reads through the real ports, recording what was read and its version (the first read of each). */
function recordingPorts(ports: AnswerPorts, deps: Map<string, Dependency>): AnswerPorts {
  const { market, evidence, liquidity } = ports;
  const note = (kind: Dependency["kind"], arg: string, version: string) => {
    const id = `${kind}:${arg}`;
    if (!deps.has(id)) deps.set(id, { kind, arg, version });
  };
  const getRankings = market.getRankings?.bind(market);
  const getOverview = market.getMarketOverview?.bind(market);
  const health = market.health?.bind(market);
  const recorded: MarketData = {
    name: market.name,
    async getSeries(id) {
      const data = await market.getSeries(id);
      note("series", id, seriesVersion(data));
      return data;
    },
    async listSeries() {
      const list = await market.listSeries();
      note("list", "", list.join(","));
      return list;
    },
    ...(health ? { health } : {}),
    ...(getRankings
      ? {
          async getRankings() {
            const rankings = await getRankings();
            note("rankings", "", rankingsVersion(rankings));
            return rankings;
          },
        }
      : {}),
    ...(getOverview
      ? {
          async getMarketOverview() {
            const overview = await getOverview();
            note("overview", "", hash(JSON.stringify(overview)));
            return overview;
          },
        }
      : {}),
  };
  const reported = (evidence as WithReported | undefined)?.reported?.bind(evidence);
  const recordedEvidence: WithReported | undefined = evidence && {
    async getCaveats(today) {
      const caveats = await evidence.getCaveats(today);
      note("caveats", today, hash(JSON.stringify(caveats)));
      return caveats;
    },
    ...(reported
      ? {
          async reported(today: IsoDate) {
            const caveats = await reported(today);
            note("reported", today, hash(JSON.stringify(caveats)));
            return caveats;
          },
        }
      : {}),
  };
  const recordedLiquidity: LiquidityData | undefined = liquidity && {
    async getFredSeries(id) {
      const data = await liquidity.getFredSeries(id);
      note("fred", id, fredVersion(data));
      return data;
    },
  };
  return { market: recorded, evidence: recordedEvidence, liquidity: recordedLiquidity };
}

const rankingsVersion = (rankings: readonly MonthlyRanking[]) =>
  `${rankings.length}|${hash(JSON.stringify(rankings.at(-1) ?? null))}`;

export class AnswerCache {
  private readonly lru: LRUCache<string, Entry>;
  private readonly inflight = new Map<string, Promise<Reply>>();
  private readonly drawing = new Map<string, Promise<Uint8Array | null>>();
  private counts = { hits: 0, misses: 0, evictions: 0 };

  constructor(readonly maxBytes: number) {
    this.lru = new LRUCache<string, Entry>({
      maxSize: Math.max(1, maxBytes),
      sizeCalculation: (entry) => Math.max(1, entry.kind === "png" ? entry.png.byteLength : entry.size),
      dispose: (_value, _key, reason) => {
        if (reason === "evict") this.counts.evictions++;
      },
    });
  }

  stats(): CacheStats {
    return {
      ...this.counts,
      bytes: this.lru.calculatedSize,
      maxBytes: this.maxBytes,
      entries: this.lru.size,
    };
  }

  /**
   * The answer for `key`: from the cache when every dependency it recorded still has its version, else computed
   * by `compute` with recording ports (identical keys in flight share one computation).
   */
  async answer(
    key: string,
    ports: AnswerPorts,
    compute: (recording: AnswerPorts) => Promise<Reply>,
  ): Promise<Reply> {
    const pending = this.inflight.get(key);
    if (pending) return pending;
    const kept = this.lru.get(key);
    if (kept?.kind === "answer" && (await unchanged(kept.deps, ports))) {
      this.counts.hits++;
      return kept.reply;
    }
    this.counts.misses++;
    const work = this.computeAndKeep(key, ports, compute).finally(() => this.inflight.delete(key));
    this.inflight.set(key, work);
    return work;
  }

  private async computeAndKeep(
    key: string,
    ports: AnswerPorts,
    compute: (recording: AnswerPorts) => Promise<Reply>,
  ): Promise<Reply> {
    const recorded = new Map<string, Dependency>();
    const computed = await compute(recordingPorts(ports, recorded));
    // In a fixed order: series read concurrently are recorded as they arrive, which varies from run to run.
    const deps = [...recorded.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, dep]) => dep);
    const version = `${key}|${hash(deps.map((d) => `${d.kind}:${d.arg}=${d.version}`).join("\n"))}`;
    const reply: Reply = { ...computed, version };
    // Its size in memory, from its JSON: measured (npm run bench, "cache memory"), an answer's objects take about
    // six bytes per JSON character (arrays of numbers, strings, object headers); a picture counts its PNG bytes.
    const size = BYTES_PER_JSON_CHAR * JSON.stringify(reply).length;
    this.lru.set(key, { kind: "answer", reply, deps, size });
    return reply;
  }

  /** A chart rendered for an answer's version in a theme, or it is drawn (once) and kept. */
  async png(
    reply: Reply,
    theme: string,
    render: () => Promise<Uint8Array | null>,
  ): Promise<Uint8Array | null> {
    if (!reply.version) return render();
    const key = `png|${theme}|${reply.version}`;
    const kept = this.lru.get(key);
    if (kept?.kind === "png") {
      this.counts.hits++;
      return kept.png;
    }
    const pending = this.drawing.get(key);
    if (pending) return pending;
    this.counts.misses++;
    const drawing = render()
      .then((png) => {
        if (png) this.lru.set(key, { kind: "png", png });
        return png;
      })
      .finally(() => this.drawing.delete(key));
    this.drawing.set(key, drawing);
    return drawing;
  }
}

/** True when each recorded read answers with the same version now. */
async function unchanged(deps: readonly Dependency[], ports: AnswerPorts): Promise<boolean> {
  for (const dep of deps) {
    const now = await currentVersion(dep, ports).catch(() => null);
    if (now !== dep.version) return false;
  }
  return true;
}

async function currentVersion(dep: Dependency, ports: AnswerPorts): Promise<string | null> {
  const { market, evidence, liquidity } = ports;
  switch (dep.kind) {
    case "series":
      return seriesVersion(await market.getSeries(dep.arg));
    case "list":
      return (await market.listSeries()).join(",");
    case "rankings":
      return rankingsVersion((await market.getRankings?.()) ?? []);
    case "overview":
      return market.getMarketOverview ? hash(JSON.stringify(await market.getMarketOverview())) : null;
    case "caveats":
      return evidence ? hash(JSON.stringify(await evidence.getCaveats(dep.arg))) : null;
    case "fred":
      return liquidity ? fredVersion(await liquidity.getFredSeries(dep.arg as FredSeries["id"])) : null;
    case "reported": {
      const reported = (evidence as WithReported | undefined)?.reported;
      return reported ? hash(JSON.stringify(await reported.call(evidence, dep.arg))) : null;
    }
  }
}
