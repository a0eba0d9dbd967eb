// The CSV button: runs the command and sends the numbers behind its answer (Reply.datasets) as CSV files in the
// asker's chat and topic. Never throws: a failure is a one-line reply or a log line.
import type { App } from "../../app/app.ts";
import { describeFailure } from "../../app/failure.ts";
import type { Caller } from "../../core/answers/command.ts";
import { datasetCsv } from "../../core/answers/csv.ts";
import type { Log } from "../adapter.ts";
import { stampOf } from "../answer-buttons.ts";
import { chatLocale, failureLine, localeOfReply, staleNotice } from "../labels.ts";
import type { Outbox } from "./outbox.ts";
import { ChatUnavailableError } from "./send-queue.ts";
import { escapeHtml } from "./telegram-html.ts";
import type { Where } from "./where.ts";

export interface CsvExportDeps {
  readonly app: App;
  readonly outbox: Outbox;
  readonly log: Log;
  readonly callerFor: (where: Where) => Caller;
}

/**
 * Sends the files; returns a notice for the presser instead when the answer under the button (its as-of `stamp`)
 * is older than the data now: its numbers would not be the ones behind the chart shown.
 */
export async function exportCsv(
  deps: CsvExportDeps,
  where: Where,
  name: string,
  tokens: readonly string[],
  stamp?: string,
): Promise<string | undefined> {
  const { outbox, log } = deps;
  try {
    const reply = await deps.app.run(name, tokens, deps.callerFor(where));
    const now = stampOf(reply.data.asOf);
    const locale = localeOfReply(reply);
    if (stamp && now && now !== stamp) return staleNotice(locale, name, stamp, now);
    const datasets = reply.datasets ?? [];
    if (datasets.length === 0) {
      await outbox.sendText(where, escapeHtml(locale.t("notice.noCsv", { command: name })), null);
      return undefined;
    }
    for (const [i, dataset] of datasets.entries()) {
      const file = { bytes: Buffer.from(datasetCsv(dataset)), filename: `${dataset.name}.csv` };
      await outbox.sendFile(
        where,
        file,
        i === 0 ? locale.t("notice.csvCaption", { title: reply.title }) : undefined,
      );
    }
  } catch (error) {
    if (error instanceof ChatUnavailableError) return undefined;
    const failure = describeFailure(error);
    if (failure.internal) log(`telegram: CSV of /${name} failed in chat ${where.chatId}`, error);
    const line = failureLine(failure, await chatLocale(deps.app, "telegram", where.chatId));
    await outbox.sendText(where, escapeHtml(line), null).catch(() => {});
  }
  return undefined;
}
