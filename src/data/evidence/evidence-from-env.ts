// Builds the EvidenceSource from its settings (src/config.ts): curated figures only when offline, the live source
// otherwise.

import type { EvidenceSettings } from "../../config.ts";
import type { EvidenceSource } from "../../core/evidence/evidence.ts";
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

export function createEvidenceSource(
  settings: EvidenceSettings,
  options: EvidenceEnvOptions,
): EvidenceSource {
  const curated = loadCuratedFacts(settings.curatedFactsPath);
  const policy = settings.policy;
  if (!options.live) return new CuratedEvidenceSource(curated, policy);
  const log = options.log ?? (() => {});
  const userAgent = checkSecUserAgent(settings.secUserAgent);
  const funds: FlowFund[] = [
    { fund: "IWM", kind: "ishares", holdingsUrl: settings.iwmHoldingsUrl ?? IWM_HOLDINGS_URL },
    { fund: "IJR", kind: "ishares", holdingsUrl: settings.ijrHoldingsUrl ?? IJR_HOLDINGS_URL },
    { fund: "VB", kind: "yahoo" },
    { fund: "VTWO", kind: "yahoo" },
  ];
  return new LiveEvidenceSource({
    curated,
    policy,
    log,
    cache: new JsonFileEvidenceCache(settings.cachePath ?? DEFAULT_EVIDENCE_CACHE_PATH),
    holdingsUrl: settings.iwmHoldingsUrl ?? IWM_HOLDINGS_URL,
    quotes: new YahooQuoteSource({ log }),
    edgar: userAgent ? new EdgarClient({ userAgent }) : null,
    funds,
  });
}
