// Crash benchmark, the slow variant of test/digest/crash.test.ts: 600 Telegram groups due in the same minute in
// four rounds of 150, the real bot process killed with SIGKILL 24 times at random moments of delivery and
// restarted. Reports lost digests, half digests and duplicates (targets: 0, 0, at most one per chat and kill).
import { runCrashRounds } from "../test/digest/crash-harness.ts";

export async function runDigestCrashBench(): Promise<void> {
  const report = await runCrashRounds({ rounds: 4, chatsPerRound: 150, killsPerRound: 6, seed: 1 });
  console.log(
    `digest crash test: ${report.chats} chats, ${report.kills} SIGKILLs mid-delivery, in ${report.seconds.toFixed(1)} s`,
  );
  console.log(`  lost: ${report.lost} (target 0); half digests: ${report.half} (target 0)`);
  console.log(
    `  duplicates: ${report.duplicates} posts in all, ${(report.duplicates / report.kills).toFixed(1)} per kill; ` +
      `worst chat ${report.worstChat.extra} extra with ${report.worstChat.killsInRound} kills in its round (target: at most one per kill)`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) await runDigestCrashBench();
