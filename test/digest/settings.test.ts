// /settings: a chat's defaults for its answers and its digest time zone, set by moderators only, applied to
// what members ask in that chat (what they type wins), shown in the JSON, and kept in the store.
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/app/app.ts";
import type { Caller } from "../../src/core/answers/command.ts";
import { UserError } from "../../src/core/base/errors.ts";
import { MemoryDigestStore } from "../../src/storage/memory-digest-store.ts";

const clock = () => new Date("2026-11-21T10:00:00Z");

function caller(moderator: boolean, chatId = "-1001"): Caller {
  return {
    platform: "telegram",
    userId: moderator ? "mod" : "member",
    chatId,
    isPrivateChat: false,
    authorizeChange: async ({ what }) => {
      if (!moderator) throw new UserError(`Only moderators can change ${what} for this chat.`);
      return { chatId };
    },
  };
}

async function setup() {
  const digests = new MemoryDigestStore();
  return { digests, app: await createApp({ clock, digests }) };
}

describe("/settings", () => {
  it("sets this chat's defaults; its members' answers use them, what they type wins, other chats are untouched", async () => {
    const { app, digests } = await setup();
    const saved = await app.run("settings", ["set", "value", "vs:eth", "range:1y"], caller(true));
    expect(saved.title).toBe("Settings saved");
    expect(saved.lines[0]).toBe(
      "Defaults for this chat's answers: index:value vs:eth range:1y (what a member types wins).",
    );
    expect(await digests.getChatSettings({ platform: "telegram", chatId: "-1001" })).toMatchObject({
      defaults: { index: "value", vs: "eth", range: "1y" },
      updatedBy: "mod",
    });

    const answer = await app.run("russell", [], caller(false));
    expect(answer.title).toMatch(/^Russell 2000 Value \(IWN\) vs ETH/);
    expect(answer.data.chatDefaults).toEqual({ index: "value", vs: "eth", range: "1y" });
    expect(answer.options).toMatchObject({ index: "value", vs: "eth", range: "1y" });
    // The same answer as typing the options.
    const typed = await app.run("russell", ["value", "vs:eth", "range:1y"]);
    expect(answer.lines).toEqual(typed.lines);

    const own = await app.run("russell", ["vs:btc"], caller(false));
    expect(own.title).toMatch(/vs BTC/);
    expect(own.data.chatDefaults).toEqual({ index: "value", range: "1y" });

    const elsewhere = await app.run("russell", [], caller(false, "-1002"));
    expect(elsewhere.title).toMatch(/^Russell 2000 \(\^RUT\) vs BTC/);
    expect(elsewhere.data.chatDefaults).toBeUndefined();
    // /altseason takes the range only.
    expect((await app.run("altseason", [], caller(false))).data.chatDefaults).toEqual({ range: "1y" });
  });

  it("a later set changes only what it names; reset removes them; show says what is set", async () => {
    const { app } = await setup();
    await app.run("settings", ["set", "vs:eth"], caller(true));
    await app.run("settings", ["set", "range:max"], caller(true));
    const shown = await app.run("settings", [], caller(true));
    expect(shown.lines[0]).toBe(
      "Defaults for this chat's answers: vs:eth range:max (what a member types wins).",
    );
    const reset = await app.run("settings", ["reset"], caller(true));
    expect(reset.data).toMatchObject({ action: "reset", changed: true });
    expect((await app.run("russell", [], caller(false))).data.chatDefaults).toBeUndefined();
  });

  it("language:es: the short answer and its parts' titles are in Spanish, numbers and dates formatted for it", async () => {
    const { app } = await setup();
    await app.run("settings", ["set", "language:es"], caller(true));
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

  it("a time zone set here is the one /digest set uses when none is typed", async () => {
    const { app, digests } = await setup();
    await expect(app.run("digest", ["set", "08:00"], caller(true))).rejects.toThrow(
      /usage: \/digest set HH:MM Area\/City .*\/settings set timezone:Area\/City/,
    );
    await app.run("settings", ["set", "timezone:Asia/Tokyo"], caller(true));
    await app.run("digest", ["set", "08:00"], caller(true));
    expect(await digests.getSchedule({ platform: "telegram", chatId: "-1001" })).toMatchObject({
      minuteOfDay: 480,
      timeZone: "Asia/Tokyo",
    });
  });

  it.each([
    [["set", "vs:doge"], /^vs must be one of btc, eth, others, not "doge"/],
    [["set", "range:7y"], /^range must be one of 1y, 3y, 5y, 10y, max, not "7y"/],
    [["set", "timezone:Mars/Olympus"], /Mars\/Olympus/],
    [["set"], /^nothing to set: give index, vs, range, language or timezone/],
    [["set", "language:xx"], /^language must be one of en, es, not "xx"/],
  ])("refuses %j in one line and changes nothing", async (tokens, message) => {
    const { app, digests } = await setup();
    await app.run("settings", ["set", "vs:eth"], caller(true));
    const before = await digests.getChatSettings({ platform: "telegram", chatId: "-1001" });
    const error = await app.run("settings", tokens, caller(true)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect(String((error as Error).message)).toMatch(message);
    expect(String((error as Error).message)).not.toContain("\n");
    expect(await digests.getChatSettings({ platform: "telegram", chatId: "-1001" })).toEqual(before);
  });

  it("a member who is not a moderator cannot change them", async () => {
    const { app, digests } = await setup();
    await expect(app.run("settings", ["set", "vs:eth"], caller(false))).rejects.toThrow(
      "Only moderators can change this chat's settings for this chat.",
    );
    expect(await digests.getChatSettings({ platform: "telegram", chatId: "-1001" })).toBeNull();
  });

  // The words of riskon's own English sentences (the templates in en.json and the core's message tables). What
  // riskon quotes from its data stays as the data has it: provider names, why a series ends, the curated caveats.
  const ENGLISH_WORDS =
    /\b(after|breakouts?|Breakout|closed|median|sessions|weeks|Correlation|Lead\/lag|Rule sensitivity|Forward returns|Baseline|Segments|unavailable|Data to|bundled|record|beat|trend|over 90|Not financial advice|Altcoin Season Index|price index|close of the UTC day)\b/;

  it("language:es: every part of /russell and /altseason that riskon writes is in Spanish, figures formatted for it", async () => {
    const { app } = await setup();
    await app.run("settings", ["set", "language:es"], caller(true));
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
    expect(status.lines.at(-1)).toMatch(/^\d+ series disponibles\.$/);
    const correlation = russell.sections?.find((s) => s.key === "correlation")?.lines.join("\n") ?? "";
    expect(correlation.replace(/\u00a0/g, " ")).toContain("250 +0,46 (n=250); Spearman 250 +0,45.");
  });
});
