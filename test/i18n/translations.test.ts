// Every language riskon speaks has every message, with the same placeholders as English, and formats numbers
// and dates with Intl for its own conventions.
import { describe, expect, it } from "vitest";
import { loadCommands } from "../../src/app/commands.ts";
import { monthNames } from "../../src/charts/axis-ticks.ts";
import { LANGUAGE_NAMES } from "../../src/core/schedules/chat-settings.ts";
import { LANGUAGES, localeFor, messagesOf } from "../../src/i18n/index.ts";

function flatten(tree: Record<string, unknown>, prefix = ""): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === "string") out[path] = value;
    else Object.assign(out, flatten(value as Record<string, unknown>, path));
  }
  return out;
}

const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

/** i18next's plural forms: `key_one`, `key_other`, ... are one message whose form follows `count`. */
const PLURAL = /_(zero|one|two|few|many|other)$/;
const baseOf = (key: string) => key.replace(PLURAL, "");

describe("translations", () => {
  const english = flatten(messagesOf("en"));

  it("the languages riskon offers are the ones it has message files for", () => {
    expect([...LANGUAGES].sort()).toEqual(Object.keys(LANGUAGE_NAMES).sort());
  });

  it.each(LANGUAGES.filter((l) => l !== "en"))(
    "%s has every English message, with the same placeholders",
    (language) => {
      const other = flatten(messagesOf(language));
      const bases = (keys: string[]) => [...new Set(keys.map(baseOf))].sort();
      expect(bases(Object.keys(other))).toEqual(bases(Object.keys(english)));
      // A plural form is compared with English's same form, or its `_other` where English has not that form.
      const englishOf = (key: string) =>
        english[key] ?? english[`${baseOf(key)}_other`] ?? english[baseOf(key)] ?? "";
      for (const [key, text] of Object.entries(other)) {
        expect(text.trim(), key).not.toBe("");
        expect(placeholders(text), key).toEqual(placeholders(englishOf(key)));
      }
      // A message with plural forms has every form the language's plural rules ask for.
      const categories = new Intl.PluralRules(language).resolvedOptions().pluralCategories;
      for (const base of new Set(
        Object.keys(other)
          .filter((k) => PLURAL.test(k))
          .map(baseOf),
      )) {
        for (const category of categories) expect(other, base).toHaveProperty([`${base}_${category}`]);
      }
    },
  );

  it("a count picks the language's plural form", () => {
    const es = localeFor("es");
    expect(es.t("altseason.fell", { count: 1 })).toBe(
      " (1 salió del ranking posterior: cuenta como por detrás)",
    );
    expect(es.t("altseason.fell", { count: 3 })).toMatch(/^ \(3 salieron del ranking/);
    expect(es.t("status.available", { count: 1 })).toBe("1 serie disponible.");
    expect(localeFor("en").t("claims.daysToRecord", { date: "2016-11-14", count: 1 })).toBe(
      "2016-11-14: 1 day",
    );
    expect(localeFor("en").t("claims.daysToRecord", { date: "2016-11-14", count: 18 })).toBe(
      "2016-11-14: 18 days",
    );
  });

  it("the English file's command descriptions are the commands' own (so /help in another language has them all)", async () => {
    const commands = await loadCommands();
    expect(commands.length).toBeGreaterThan(5);
    for (const c of commands) expect(english[`commands.${c.name}`], c.name).toBe(c.description);
    expect(localeFor("es").t("commands.russell")).toMatch(/^Estado de ruptura del Russell 2000/);
  });

  it("formats numbers, percentages and dates for the language (Intl)", () => {
    const en = localeFor("en");
    const es = localeFor("es");
    expect([en.level(3017.87), en.level(224.2), en.pct(-1.6), en.pct(161, 0), en.date("2026-08-21")]).toEqual(
      ["3,017.87", "224.20", "-1.6%", "+161%", "2026-08-21"],
    );
    // Spanish: decimal comma, no grouping below 10,000, a space before %; dates as "21 ago 2026".
    expect(
      [es.level(3017.87), es.level(224.2), es.pct(-1.6), es.pct(161, 0)].map((s) =>
        s.replace(/\u00a0/g, " "),
      ),
    ).toEqual(["3017,87", "224,20", "-1,6 %", "+161 %"]);
    expect(es.date("2026-08-21")).toBe("21 ago 2026");
    expect(es.t("section.analogs")).toBe("Tras rupturas");
    // The chart axis' month names come from Intl too.
    expect(monthNames("es").slice(0, 3)).toEqual(["ene", "feb", "mar"]);
    expect(monthNames("en")[7]).toBe("Aug");
    // An unknown language is English.
    expect(localeFor("xx").language).toBe("en");
  });
});
