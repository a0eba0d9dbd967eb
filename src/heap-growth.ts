// A long-running bot's memory: V8 grows its heap by up to several times what is live before it collects, and
// keeps the pages it grew to, so the resident set of a bot with a full answer cache reached 2-3x its live heap
// (npm run bench, "cache memory": 221 MB at start, 425-569 MB after 10,000 answers with the 64 MB cache). A
// growing factor of 1.3 (V8's --heap-growing-percent) keeps it near what is live: measured, 211 to 320 MB, within
// the bound of the same process without a cache plus the cache's size. It costs more frequent collections.
import { setFlagsFromString } from "node:v8";

export const HEAP_GROWING_PERCENT = 30;

/** Sets V8's heap growing factor for this process (the bot; the CLI answers once and exits). */
export function boundHeapGrowth(): void {
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
