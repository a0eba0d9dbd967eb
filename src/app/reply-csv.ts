// Writes a reply's datasets as CSV files into a directory (the CLI's --csv); returns the paths written.
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { datasetCsv } from "../core/answers/csv.ts";
import type { Reply } from "../core/answers/reply.ts";

export async function writeReplyCsv(reply: Reply, dir: string): Promise<string[]> {
  const datasets = reply.datasets ?? [];
  if (datasets.length === 0) return [];
  await mkdir(dir, { recursive: true });
  const paths: string[] = [];
  for (const dataset of datasets) {
    // Names are built by the commands from option values (letters, digits, dashes), never from free text.
    const path = join(dir, `${dataset.name.replace(/[^a-z0-9._-]/gi, "_")}.csv`);
    await writeFile(path, datasetCsv(dataset));
    paths.push(path);
  }
  return paths;
}
