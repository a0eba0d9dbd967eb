// /caveats: the evidence card behind the skeptics' reading of a Russell 2000 breakout — each figure with its
// method, coverage, source and date; computed by riskon where it can, published figures otherwise.
import type { CommandContext, CommandDefinition } from "../src/core/answers/command.ts";
import { NOT_ADVICE } from "../src/core/answers/format.ts";
import type { IsoDate } from "../src/core/base/dates.ts";
import {
  type Caveat,
  caveatJson,
  type EvidenceSource,
  formatShare,
  signedUsd,
} from "../src/core/evidence/evidence.ts";

/** The command context once the app supplies the evidence port (CommandContext.evidence). */
interface EvidenceContext extends CommandContext {
  readonly evidence?: EvidenceSource & { reported?(today: IsoDate): Promise<readonly Caveat[]> };
}

const LABELS: Record<string, string> = {
  "negative-earnings-share": "Russell 2000 with negative TTM earnings",
  "small-cap-etf-flows": "Small-cap ETF net flows",
};

export function caveatValue(c: Caveat): string {
  if (c.value === null) return "–";
  return c.unit === "percent" ? formatShare(c.value / 100) : signedUsd(c.value);
}

function coverageText(c: Caveat): string {
  const cov = c.coverage;
  if (!cov) return c.method === "reported" ? "as published" : "–";
  const back = cov.reachesBackTo ? `, from ${cov.reachesBackTo}` : "";
  return `${cov.covered}/${cov.total}${back}`;
}

const METHODS = [
  "Negative TTM earnings: constituents from the iShares IWM holdings file (listed equities; cash, futures, unlisted lines dropped), trailing 12-month EPS from Yahoo Finance quotes, gaps filled with net income from SEC EDGAR company facts; share = negative / constituents with data.",
  "ETF flows: change in shares outstanding × NAV, summed day by day (IWM, IJR from iShares fund data; VB, VTWO from Yahoo quotes recorded daily), year to date and over 90 and 30 days; a figure says how far back its history reaches.",
  "Published figures are shown when riskon cannot compute its own, labelled with who reported them and when, and marked stale past their maximum age.",
];

const caveats: CommandDefinition = {
  name: "caveats",
  description:
    "The evidence behind the caveats: negative earnings in the Russell 2000 and small-cap ETF flows",
  options: [],
  async run(context) {
    const evidence = (context as EvidenceContext).evidence;
    const title = `Caveats to a Russell 2000 breakout · ${context.today}`;
    if (!evidence) {
      return {
        title,
        lines: ["The evidence source is not configured in this app, so no caveat figures are available."],
        notes: [NOT_ADVICE],
        sources: [],
        data: { command: "caveats", today: context.today, caveats: [], context: [] },
      };
    }
    const shown = await evidence.getCaveats(context.today);
    const reported = evidence.reported ? await evidence.reported(context.today) : [];
    // Published figures not already shown sit beside the computed ones as context.
    const contextFacts = reported.filter((r) => !shown.some((c) => c.method === "reported" && c.id === r.id));
    const rows = shown.map((c) => [
      LABELS[c.id] ?? c.id,
      caveatValue(c),
      c.stale ? `${c.method} (stale)` : c.method,
      coverageText(c),
      c.source,
      c.asOf,
    ]);
    const notes = [...METHODS];
    for (const c of shown) {
      if (c.coverage?.note) notes.push(`${LABELS[c.id] ?? c.id}: ${c.coverage.note}.`);
      if (c.stale) notes.push(`${LABELS[c.id] ?? c.id}: stale, older than the configured maximum age.`);
    }
    for (const r of contextFacts) notes.push(`For context: ${r.text}`);
    notes.push(NOT_ADVICE);
    return {
      title,
      lines:
        shown.length > 0
          ? shown.map((c) => (c.stale ? `[stale] ${c.text}` : c.text))
          : ["No caveat figures are available."],
      table: {
        caption: "Evidence card",
        header: ["figure", "value", "method", "coverage", "source", "as of"],
        rows,
      },
      notes,
      sources: [],
      data: {
        command: "caveats",
        today: context.today,
        caveats: shown.map(caveatJson),
        context: contextFacts.map(caveatJson),
      },
    };
  },
};

export default caveats;
