// `npm run cli -- <command> [options]`: runs one command and prints its answer (or JSON with --json).
import { createApp } from "./app/app.ts";
import { parseCliArgs } from "./app/cli-args.ts";
import { describeFailure } from "./app/failure.ts";
import { replyChartRenderer, writeReplyChart } from "./app/reply-charts.ts";
import { writeReplyCsv } from "./app/reply-csv.ts";
import { wantsStackTraces } from "./config.ts";
import { renderPlainText } from "./core/answers/format.ts";
import { UserError } from "./core/base/errors.ts";

async function main(argv: readonly string[]): Promise<number> {
  try {
    const args = parseCliArgs(argv);
    const app = await createApp({
      source: args.source,
      ...(args.dataDir ? { dataDir: args.dataDir } : {}),
    });
    const reply = await app.run(args.command, args.tokens).finally(() => app.close());
    const text = renderPlainText(reply);
    if (args.out) {
      // Loaded only for --out: the chart stack (canvas) is the CLI's slowest import.
      const { createChartRenderer } = await import("./charts/index.ts");
      const written = await writeReplyChart(
        replyChartRenderer(createChartRenderer()),
        reply,
        args.theme,
        args.out,
      );
      if (!written) throw new UserError(`/${args.command} has no chart to write to ${args.out}.`);
      process.stderr.write(`riskon: chart written to ${written}\n`);
    }
    if (args.csv) {
      const paths = await writeReplyCsv(reply, args.csv);
      if (paths.length === 0) throw new UserError(`/${args.command} has no data to export as CSV.`);
      for (const path of paths) process.stderr.write(`riskon: CSV written to ${path}\n`);
    }
    process.stdout.write(args.json ? `${JSON.stringify({ ...reply.data, text }, null, 2)}\n` : `${text}\n`);
    return 0;
  } catch (error) {
    const failure = describeFailure(error);
    process.stderr.write(`riskon: ${failure.message}\n`);
    if (failure.internal && wantsStackTraces(process.env))
      process.stderr.write(`${(error as Error).stack}\n`);
    return failure.internal ? 1 : 2;
  }
}

process.exitCode = await main(process.argv.slice(2));
