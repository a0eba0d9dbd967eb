// Builds the EvidenceSource from the environment: curated figures only when offline, the live source otherwise.
import { ConfigError } from "../../core/base/errors.ts";
import {
  DEFAULT_STALENESS,
  type EvidenceSource,
  type StalenessPolicy,
} from "../../core/evidence/evidence.ts";
import { loadCuratedFacts } from "./curated-facts.ts";
import { checkSecUserAgent, EdgarClient } from "./edgar-client.ts";
import { DEFAULT_EVIDENCE_CACHE_PATH, JsonFileEvidenceCache } from "./evidence-cache.ts";
import { IJR_HOLDINGS_URL, IWM_HOLDINGS_URL } from "./holdings-fetcher.ts";
import { CuratedEvidenceSource, type FlowFund, LiveEvidenceSource } from "./live-evidence.ts";
import { YahooQuoteSource } from "./yahoo-quotes.ts";

export interface EvidenceEnvOptions {
  /** false for the snapshot/offline app: no network, curated figures only. */
  readonly live: boolean;
  readonly log?: (message: string) => void;
}

function positiveInt(
  env: Readonly<Record<string, string | undefined>>,
  name: string,
  fallback: number,
): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0)
    throw new ConfigError(`${name} must be a whole number of days, got "${raw}".`);
  return n;
}

export function stalenessFromEnv(env: Readonly<Record<string, string | undefined>>): StalenessPolicy {
  return {
    reportedMaxAgeDays: positiveInt(env, "RISKON_CAVEAT_MAX_AGE_DAYS", DEFAULT_STALENESS.reportedMaxAgeDays),
    computedMaxAgeDays: DEFAULT_STALENESS.computedMaxAgeDays,
  };
}

export function createEvidenceSource(
  env: Readonly<Record<string, string | undefined>>,
  options: EvidenceEnvOptions,
): EvidenceSource {
  const curated = loadCuratedFacts(env.RISKON_CURATED_FACTS || undefined);
  const policy = stalenessFromEnv(env);
  if (!options.live) return new CuratedEvidenceSource(curated, policy);
  const log = options.log ?? (() => {});
  const userAgent = checkSecUserAgent(env.SEC_USER_AGENT);
  const funds: FlowFund[] = [
    { fund: "IWM", kind: "ishares", holdingsUrl: env.RISKON_IWM_HOLDINGS_URL || IWM_HOLDINGS_URL },
    { fund: "IJR", kind: "ishares", holdingsUrl: env.RISKON_IJR_HOLDINGS_URL || IJR_HOLDINGS_URL },
    { fund: "VB", kind: "yahoo" },
    { fund: "VTWO", kind: "yahoo" },
  ];
  return new LiveEvidenceSource({
    curated,
    policy,
    log,
    cache: new JsonFileEvidenceCache(env.RISKON_EVIDENCE_CACHE || DEFAULT_EVIDENCE_CACHE_PATH),
    holdingsUrl: env.RISKON_IWM_HOLDINGS_URL || IWM_HOLDINGS_URL,
    quotes: new YahooQuoteSource({ log }),
    edgar: userAgent ? new EdgarClient({ userAgent }) : null,
    funds,
  });
}
