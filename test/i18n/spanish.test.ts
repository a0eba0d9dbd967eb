// Answers in Spanish (a chat set to language:es): every text riskon writes is from the translation files, the
// figures are the English answer's, formatted with Intl for Spanish. What riskon quotes from its data (provider
// names, why a series ends, the curated caveats' sentences) stays as the data has it.
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/app/app.ts";
import { MemoryDigestStore } from "../../src/storage/memory-digest-store.ts";
import { groupCaller as caller } from "../support/chat-caller.ts";

const clock = () => new Date("2026-11-21T10:00:00Z");

async function setup() {
  const digests = new MemoryDigestStore();
  const app = await createApp({ clock, digests });
  await app.run("settings", ["set", "language:es"], caller(true));
  return { digests, app };
}

describe("answers in Spanish", () => {
  it("language:es: the short answer and its parts' titles are in Spanish, numbers and dates formatted for it", async () => {
    const { app } = await setup();
    const answer = await app.run("russell", [], caller(false));
    expect(answer.language).toBe("es");
    const brief = (answer.brief ?? []).join("\n").replace(/\u00a0/g, " ");
    // The same figures as the English brief (the offline snapshot, as of 2026-08-21), in Spanish.
    expect(brief).toContain(
      "POR DEBAJO DE SU RÉCORD: RUT 3017,87 el 21 ago 2026, -1,6 % desde su récord 3068,42 (14 ago 2026).",
    );
    expect(brief).toContain(
      "BTC 365 d tras 4 rupturas: mediana +161 % frente a +73 % en 365 días cualesquiera (n=4)",
    );
    expect(brief).toContain("Datos: Yahoo Finance ^RUT hasta el 21 ago 2026");
    expect(answer.sections?.map((s) => s.title)).toEqual([
      "Tras rupturas",
      "Correlación",
      "Sensibilidad",
      "Definiciones",
      "Advertencias",
      "Fuentes",
    ]);
    // The chart speaks it too: its words, dates and level, and the month names on its axis (the renderer's).
    expect(answer.chart?.title).toBe("Russell 2000 (^RUT) frente a BTC, al 21 ago 2026");
    expect(answer.chart?.language).toBe("es");
    expect(answer.chart?.footer.at(-1)).toBe(
      "Instantánea incluida, no en vivo. No es asesoramiento financiero.",
    );
    expect(answer.chart?.panels[0]?.referenceLines[0]?.legend).toBe(
      "Récord de cierre de RUT 3068,42 (14 ago 2026), aún no superado",
    );
    const english = await app.run("russell", [], caller(false, "-1002"));
    expect(english.chart?.title).toBe("Russell 2000 (^RUT) vs BTC, as of 2026-08-21");
    expect(english.brief?.[0]).toBe(
      "BELOW ITS RECORD: RUT 3,017.87 on 2026-08-21, -1.6% from its record 3,068.42 (2026-08-14).",
    );
    const shown = await app.run("settings", [], caller(true));
    expect(shown.lines).toContain("Idioma: Español.");
    // The moderator commands answer in it too.
    const digest = await app.run(
      "digest",
      ["set", "08:00", "Europe/Madrid", "russell", "weekdays"],
      caller(true),
    );
    expect(digest.title).toBe("Resumen programado");
    expect(digest.lines[0]).toBe("08:00 Europe/Madrid, días laborables: russell, gráfico oscuro.");
    expect(digest.lines[1]).toMatch(/^Próximo: 23 nov 2026 08:00 Europe\/Madrid \(2026-11-23 07:00 UTC\)\.$/);
    expect((await app.run("alerts", ["on"], caller(true))).title).toBe("Alertas activadas");
    // Bad input gets its one line in Spanish too.
    await expect(app.run("russell", ["vs:doge"], caller(false))).rejects.toThrow(
      /^vs debe ser uno de btc, eth, others, no "doge"\. \(\/russell index: rut \| iwm \| value/,
    );
  });

  // The words of riskon's own English sentences (the templates in en.json and the core's message tables). What
  // riskon quotes from its data stays as the data has it: provider names, why a series ends, the curated caveats.
  const ENGLISH_WORDS =
    /\b(after|breakouts?|Breakout|closed|median|sessions|weeks|Correlation|Lead\/lag|Rule sensitivity|Forward returns|Baseline|Segments|unavailable|Data to|bundled|record|beat|trend|over 90|Not financial advice|Altcoin Season Index|price index|close of the UTC day)\b/;

  it("language:es: every part of /russell and /altseason that riskon writes is in Spanish, figures formatted for it", async () => {
    const { app } = await setup();
    for (const command of ["russell", "altseason"]) {
      const answer = await app.run(command, [], caller(false));
      expect(answer.title, command).not.toMatch(ENGLISH_WORDS);
      const parts = (answer.sections ?? []).filter((s) => s.key !== "caveats" && s.key !== "sources");
      expect(parts.length, command).toBeGreaterThan(2);
      for (const part of parts) {
        for (const line of [...part.lines, ...(part.after ?? [])])
          expect(line.replace(/\(the [^)]*\)/g, ""), `${command} ${part.key}`).not.toMatch(ENGLISH_WORDS);
        if (part.table) {
          expect(part.table.caption).not.toMatch(ENGLISH_WORDS);
          expect(part.table.rows.flat().join(" ")).not.toMatch(/\b(median|share up|any day)\b/);
        }
      }
      const sources = answer.sections?.find((s) => s.key === "sources");
      expect(
        sources?.lines.some((l) => l.startsWith("Datos hasta: ")),
        command,
      ).toBe(true);
      expect(answer.sections?.flatMap((s) => s.lines)).toContain(
        "No es asesoramiento financiero: las rupturas pasadas son pocas y describen la historia, no un pronóstico.",
      );
    }
    const russell = await app.run("russell", [], caller(false));
    const analogs = russell.sections?.find((s) => s.key === "analogs");
    // The same figures as in English (the offline snapshot as of 2026-08-21: BTC's 365-day median +161% over 4
    // events, any 365 days +73%, p=0.22), in Spanish.
    expect(analogs?.lines[0]?.replace(/\u00a0/g, " ")).toBe(
      "BTC tras las rupturas de RUT, 365 d: mediana +161 % (rango -68 % a +841 %), n=4; cualquier periodo de 365 días +73 %; p=0,22: no distinto de cualquier periodo de 365 días.",
    );
    const english = await app.run("russell", [], caller(false, "-1002"));
    expect(english.sections?.find((s) => s.key === "analogs")?.lines[0]).toBe(
      "BTC after RUT breakouts, 365d: median +161% (range -68% to +841%), n=4; any 365 days +73%; p=0.22: no different from any 365 days.",
    );
    // /help too: its title, each command's description and the options line.
    const help = await app.run("help", [], caller(false));
    expect(help.title).toMatch(/^riskon: ¿está dando el Russell 2000/);
    expect(help.lines.find((l) => l.startsWith("/russell"))).toMatch(/— Estado de ruptura del Russell 2000/);
    // /caveats and /status: their own words (the caveats' quoted sentences stay as published).
    const caveats = await app.run("caveats", [], caller(false));
    expect(caveats.title).toBe("Advertencias ante una ruptura del Russell 2000 · 21 nov 2026");
    expect(caveats.table?.header).toEqual(["cifra", "valor", "método", "cobertura", "fuente", "a fecha de"]);
    expect(caveats.notes.join("\n")).not.toMatch(ENGLISH_WORDS);
    const status = await app.run("status", [], caller(false));
    expect(status.title).toBe("Fuentes de datos");
    expect(status.lines.some((line) => /^\d+ series disponibles\.$/.test(line))).toBe(true);
    expect(status.lines.at(-1)).toMatch(/^Caché de respuestas: \d+ respuestas y gráficos, [\d.]+ de 64 MB; /);
    const correlation = russell.sections?.find((s) => s.key === "correlation")?.lines.join("\n") ?? "";
    expect(correlation.replace(/\u00a0/g, " ")).toContain("250 +0,46 (n=250); Spearman 250 +0,45.");
  });

  it("/claims: the claims, their headline figures, methods and verdicts in Spanish; the JSON's verdicts unchanged", async () => {
    const { app } = await setup();
    const claims = await app.run("claims", [], caller(false));
    const english = await app.run("claims", [], caller(false, "-1002"));
    expect(claims.title).toBe("Afirmaciones, medidas · a fecha de 21 ago 2026");
    expect(claims.data.claims).toHaveLength(7);
    // The same verdicts as in English, by the same rules.
    const verdicts = (reply: typeof claims) =>
      (reply.data.claims as Array<{ verdict: string }>).map((c) => c.verdict);
    expect(verdicts(claims)).toEqual(verdicts(english));
    for (const line of [...claims.lines, ...claims.notes]) expect(line).not.toMatch(ENGLISH_WORDS);
    // The 2020 claim: BTC's best close within 365 days +314% from the 2020-11-13 breakout (test/app/claims.test.ts).
    expect(claims.lines[0]?.replace(/\u00a0/g, " ")).toMatch(
      /^EN PARTE: BTC subió alrededor de un 380-390 % .*\. mejor cierre en 365 días \+314 % desde la ruptura del 13 nov 2020/,
    );
    expect(english.lines[0]).toMatch(
      /^PARTLY: BTC rose about 380-390% .*\. best close within 365 days \+314% from the 2020-11-13 breakout/,
    );
    // Days to BTC's record after each Russell high (18, 17 and 6 days): plural forms per language.
    expect(claims.lines[1]).toContain("14 nov 2016: 18 días");
  });

  it("as-of notes and refusals of a date in Spanish", async () => {
    const { app } = await setup();
    const weekend = await app.run("russell", ["date:2026-08-16"], caller(false));
    expect(weekend.notes).toContain(
      "2026-08-16 no fue una sesión bursátil; se usa la sesión del 14 ago 2026.",
    );
    await expect(app.run("claims", ["date:2030-01-01"], caller(false))).rejects.toThrow(
      /^la fecha 2030-01-01 está en el futuro \(hoy es 21 nov 2026\); usa una fecha hasta 2026-08-21\.$/,
    );
  });
});
