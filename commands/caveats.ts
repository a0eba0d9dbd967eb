// /caveats: the evidence card behind the skeptics' reading of a Russell 2000 breakout — each figure with its
// method, coverage, source and date; computed by riskon where it can, published figures otherwise.
import type { CommandContext, CommandDefinition } from "../src/core/answers/command.ts";
import { notAdvice } from "../src/core/answers/format.ts";
import {
  liquidityCaveat,
  liquidityCaveatLine,
  NET_LIQUIDITY_SOURCE,
  regimeWord,
} from "../src/core/answers/liquidity-condition.ts";
import type { Locale } from "../src/core/answers/locale.ts";
import type { IsoDate } from "../src/core/base/dates.ts";
import { formatShare, signedUsd } from "../src/core/evidence/caveat-text.ts";
import {
  type Caveat,
  caveatJson,
  caveatLines,
  caveatText,
  type EvidenceSource,
} from "../src/core/evidence/evidence.ts";

/** The command context once the app supplies the evidence port (CommandContext.evidence). */
interface EvidenceContext extends CommandContext {
  readonly evidence?: EvidenceSource & { reported?(today: IsoDate): Promise<readonly Caveat[]> };
}

/** The caveat's name in the chat's language; an id the translation files do not have stays as it is. */
function labelOf(id: string, l: Locale): string {
  const text = l.t(`caveats.label.${id}`);
  return text === `caveats.label.${id}` ? id : text;
}

function caveatValue(c: Caveat, l: Locale): string {
  if (c.value === null) return "–";
  return c.unit === "percent" ? formatShare(c.value / 100, l) : signedUsd(c.value, l);
}

function coverageText(c: Caveat, l: Locale): string {
  const cov = c.coverage;
  if (!cov) return c.method === "reported" ? l.t("caveats.asPublished") : "–";
  const back = cov.reachesBackTo ? l.t("caveats.from", { date: l.date(cov.reachesBackTo) }) : "";
  return `${cov.covered}/${cov.total}${back}`;
}

const METHODS = ["methodEarnings", "methodFlows", "methodPublished"] as const;

const caveats: CommandDefinition = {
  name: "caveats",
  // The answer depends only on its options, language, date and the data it reads: repeated ones are cached.
  pure: true,
  description:
    "The evidence behind the caveats: negative earnings in the Russell 2000 and small-cap ETF flows",
  options: [],
  async run(context) {
    const evidence = (context as EvidenceContext).evidence;
    const l = context.locale;
    const title = l.t("caveats.title", { date: l.date(context.today) });
    if (!evidence) {
      return {
        title,
        lines: [l.t("caveats.notConfigured")],
        notes: [notAdvice(l)],
        sources: [],
        data: { command: "caveats", today: context.today, caveats: [], context: [] },
      };
    }
    const shown = await evidence.getCaveats(context.today);
    const reported = evidence.reported ? await evidence.reported(context.today) : [];
    // Published figures not already shown sit beside the computed ones as context.
    const contextFacts = reported.filter((r) => !shown.some((c) => c.method === "reported" && c.id === r.id));
    const rows = shown.map((c) => {
      const method = l.t(`caveats.method.${c.method}`);
      return [
        labelOf(c.id, l),
        caveatValue(c, l),
        c.stale ? l.t("caveats.staleMethod", { method }) : method,
        coverageText(c, l),
        c.source,
        l.date(c.asOf),
      ];
    });
    // Beside the evidence: the condition every claim hangs on, net liquidity as published by today.
    const liquidity = context.liquidity ? await liquidityCaveat(context.liquidity, context.today) : null;
    if (liquidity)
      rows.push([
        labelOf("net-liquidity", l),
        liquidity.now.regime
          ? `${l.pct(liquidity.now.change13wPct)} ${regimeWord(liquidity.now.regime, l)}`
          : l.pct(liquidity.now.change13wPct),
        l.t("caveats.method.computed"),
        "–",
        NET_LIQUIDITY_SOURCE,
        l.date(liquidity.now.week.date),
      ]);
    const notes: string[] = METHODS.map((m) => l.t(`caveats.${m}`));
    for (const c of shown) {
      if (c.coverage?.note) notes.push(`${labelOf(c.id, l)}: ${c.coverage.note}.`);
      if (c.stale) notes.push(l.t("caveats.staleNote", { label: labelOf(c.id, l) }));
    }
    for (const r of contextFacts) notes.push(l.t("caveats.context", { text: caveatText(r, l) }));
    notes.push(notAdvice(l));
    const header = ["figure", "value", "method", "coverage", "source", "asOf"].map((h) =>
      l.t(`caveats.header.${h}`),
    );
    return {
      title,
      lines: [
        ...(shown.length > 0 ? caveatLines(shown, l) : [l.t("caveats.none")]),
        ...(liquidity ? [liquidityCaveatLine(liquidity.now, l)] : []),
      ],
      table: { caption: l.t("caveats.card"), header, rows },
      notes,
      sources: [],
      data: {
        command: "caveats",
        today: context.today,
        caveats: shown.map(caveatJson),
        context: contextFacts.map(caveatJson),
        liquidity: liquidity?.json ?? null,
      },
    };
  },
};

export default caveats;
