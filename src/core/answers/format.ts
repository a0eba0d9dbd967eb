// Number and text formatting shared by every reply, so all platforms show the same figures.

import { describeSegments, segmentsLine } from "../history/segments.ts";
import type { SourceRef } from "../ports.ts";
import { wordsOf } from "./chart-spec.ts";
import { type Locale, phrasebook } from "./locale.ts";
import { NOT_ADVICE } from "./numbers.ts";
import type { Reply, ReplyTable } from "./reply.ts";

export { level, NOT_ADVICE, share, signed, signedPct, usd } from "./numbers.ts";

/** The English texts; other languages have them under `format.` in the translation files. */
export const FORMAT_MESSAGES = {
  notAdvice: NOT_ADVICE,
  source: "{{series}}: {{provider}}, to {{date}} ({{how}})",
  sources: "Sources: {{list}}",
  live: "live",
  snapshot: "bundled snapshot",
  stored: "stored",
  file: "file",
  storedData: "stored data",
  fileData: "file data",
  fromSnapshot: "{{series}}: from the bundled offline snapshot, not live.",
  reason: "{{series}}: {{reason}}.",
  noDataByThen: "{{label}}: no data by then",
  nothingNewer: "its source has nothing newer",
  end: "{{label}} {{date}}",
  endWhy: "{{label}} {{date}} ({{why}})",
  dataTo: "Data to: {{parts}}.",
  seriesTo: "{{series}} to {{date}}",
  group: "{{series}} ({{how}})",
  data: "Data: {{parts}}",
} as const;
const say = phrasebook("format", FORMAT_MESSAGES);

/** The not-advice line in the chat's language. */
export function notAdvice(locale?: Locale): string {
  return say(locale, "notAdvice");
}

/** How fresh a source is, in words: its note (why it is not live) where it has one. */
function howFresh(source: SourceRef, locale?: Locale): string {
  if (source.freshness === "live") return say(locale, "live");
  return source.note ?? say(locale, source.freshness);
}

export function describeSource(source: SourceRef, locale?: Locale): string {
  return say(locale, "source", {
    series: source.series,
    provider: source.provider,
    date: locale ? locale.date(source.lastDate) : source.lastDate,
    how: howFresh(source, locale),
  });
}

/** "Sources: RUT: Yahoo Finance ^RUT, to 2026-08-21 (bundled snapshot); …". */
export function sourcesLine(sources: readonly SourceRef[], locale?: Locale): string {
  return say(locale, "sources", { list: sources.map((s) => describeSource(s, locale)).join("; ") });
}

/**
 * Where the data came from and how fresh it is, in one short line for a post with little room (a photo caption):
 * each series once with its last date, grouped by freshness, e.g. "Data: RUT to 2026-08-21, BTC to 2026-08-20
 * (bundled snapshot)". The providers are in the full answer's sources.
 */
export function describeFreshness(sources: readonly SourceRef[], locale?: Locale): string {
  const groups = new Map<string, string[]>();
  const seen = new Set<string>();
  for (const source of sources) {
    if (seen.has(source.series)) continue;
    seen.add(source.series);
    const how = howFresh(source, locale);
    const date = locale ? locale.date(source.lastDate) : source.lastDate;
    groups.set(how, [...(groups.get(how) ?? []), say(locale, "seriesTo", { series: source.series, date })]);
  }
  if (groups.size === 0) return "";
  const parts = [...groups].map(([how, series]) => say(locale, "group", { series: series.join(", "), how }));
  return say(locale, "data", { parts: parts.join("; ") });
}

/**
 * The brief's data line, in the chat's language: each series' provider (its newest piece's) and its last date in
 * the answer, grouped by how fresh it is: "Data: Yahoo Finance ^RUT to 2026-08-21, Binance BTC/USDT to
 * 2026-08-20 (live)."
 */
export function briefDataLine(
  shown: ReadonlyArray<{ readonly source: SourceRef; readonly lastDate: string }>,
  locale: Locale,
): string {
  const groups = new Map<string, string[]>();
  for (const { source, lastDate } of shown) {
    // The piece that held the answer's last date (an answer about 2021 names the provider of 2021).
    const piece = source.segments?.filter((g) => g.from <= lastDate).at(-1) ?? source.segments?.[0];
    const provider = (piece?.provider ?? source.provider).split(/ \(|, | \+ /)[0] ?? "";
    const how = locale.t(`freshness.${source.freshness}`);
    groups.set(how, [
      ...(groups.get(how) ?? []),
      locale.t("brief.dataPart", { provider, date: locale.date(lastDate) }),
    ]);
  }
  if (groups.size === 0) return "";
  const parts = [...groups].map(([how, series]) =>
    locale.t("brief.dataGroup", { series: series.join(", "), how }),
  );
  return locale.t("brief.data", { parts: parts.join("; ") });
}

export function renderTable(table: ReplyTable): string {
  const rows = [table.header, ...table.rows];
  const widths = table.header.map((_, col) => Math.max(...rows.map((row) => (row[col] ?? "").length)));
  return rows
    .map((row) =>
      row
        .map((cell, col) => (col === 0 ? cell.padEnd(widths[col] ?? 0) : cell.padStart(widths[col] ?? 0)))
        .join("  "),
    )
    .join("\n");
}

/** The reply as plain text: the console, the CLI and the `text` field of --json. */
export function renderPlainText(reply: Reply): string {
  const parts = [reply.title, ...reply.lines];
  if (reply.table) parts.push("", reply.table.caption, renderTable(reply.table));
  if (reply.notes.length > 0) parts.push("", ...reply.notes.map((note) => `• ${note}`));
  if (reply.sources.length > 0) parts.push("", sourcesLine(reply.sources));
  return parts.join("\n");
}

/**
 * One line per reason the data is not live, naming the series it applies to: "RUT, BTC: stale: Yahoo Finance
 * unavailable (HTTP 429), stored bars to 2026-11-20". Nothing when every series is live.
 */
export function freshnessNotes(sources: readonly SourceRef[], locale?: Locale): string[] {
  // A series joined from live bars and older bundled ones names its pieces in one line.
  const joined = sources
    .filter((s) => s.segments && new Set(s.segments.map((g) => g.freshness)).size > 1)
    .map((s) => segmentsLine(s.series, s.segments ?? [], locale));
  return [...joined, ...staleNotes(sources, locale)];
}

/** The series that are not live, grouped by why: the bundled snapshot, or the reason their source gives. */
function staleNotes(sources: readonly SourceRef[], locale?: Locale): string[] {
  const groups: Array<{ readonly snapshot: boolean; readonly reason: string; readonly series: string[] }> =
    [];
  for (const source of sources) {
    if (source.freshness === "live") continue;
    const reason =
      source.note ??
      (source.freshness === "snapshot"
        ? ""
        : say(locale, source.freshness === "stored" ? "storedData" : "fileData"));
    const snapshot = reason === "" || reason === "bundled snapshot";
    const group = groups.find((g) => g.snapshot === snapshot && (snapshot || g.reason === reason));
    if (group) group.series.push(source.series);
    else groups.push({ snapshot, reason, series: [source.series] });
  }
  return groups.map(({ snapshot, reason, series }) =>
    snapshot
      ? say(locale, "fromSnapshot", { series: series.join(", ") })
      : say(locale, "reason", { series: series.join(", "), reason }),
  );
}

/** The chart footer's source lines: provider and the last date each series has on or before the as-of date. */
export function chartSourceLine(source: SourceRef, lastDateShown: string, locale?: Locale): string {
  const w = wordsOf(locale);
  const date = w.date(lastDateShown);
  if (!source.segments) return w.say("sourceTo", { providers: source.provider, date });
  // A joined series names only the providers of the dates shown.
  const shown = source.segments.filter((s) => s.from <= lastDateShown);
  return w.say("seriesTo", {
    series: source.series,
    providers: describeSegments(shown, "footer", locale),
    date,
  });
}

/** The chart footer's closing line: how fresh the data is, and that it is not advice. */
export function chartFreshnessNote(sources: readonly SourceRef[], locale?: Locale): string {
  const w = wordsOf(locale);
  const kinds = new Set(sources.map((s) => s.freshness));
  const parts: string[] = [];
  if (kinds.has("snapshot")) parts.push(w.say("footSnapshot"));
  if (kinds.has("stored")) parts.push(w.say("footStored"));
  if (kinds.has("file")) parts.push(w.say("footFiles"));
  return [...parts, w.say("notAdvice")].join(" ");
}

export interface DataEnd {
  readonly label: string;
  readonly lastDate: string;
  readonly why?: string | undefined;
}

/**
 * "Data to: RUT 2026-08-21, BTC 2026-08-20, TOTAL3 2026-04-19 (the TradingView ... ends 2026-04-18)": every
 * series' last date, and for one that ends more than `slackDays` before the newest, why.
 */
export function dataEndsLine(ends: readonly DataEnd[], slackDays = 7, locale?: Locale): string {
  const dated = ends.filter((e) => /^\d{4}-\d{2}-\d{2}$/.test(e.lastDate));
  const newest =
    dated
      .map((e) => e.lastDate)
      .sort()
      .at(-1) ?? "";
  const cutoff = newest
    ? new Date(Date.parse(`${newest}T00:00:00Z`) - slackDays * 86_400_000).toISOString().slice(0, 10)
    : "";
  const parts = ends.map((e) => {
    if (!dated.includes(e)) return say(locale, "noDataByThen", { label: e.label });
    const why = e.lastDate < cutoff ? (e.why ?? say(locale, "nothingNewer")) : null;
    const date = locale ? locale.date(e.lastDate) : e.lastDate;
    return why
      ? say(locale, "endWhy", { label: e.label, date, why })
      : say(locale, "end", { label: e.label, date });
  });
  return say(locale, "dataTo", { parts: parts.join(", ") });
}
