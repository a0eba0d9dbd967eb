// /alerts on|off: moderators subscribe a chat to breakout, retest, failed-breakout, new-high and
// Altcoin Season Index alerts. Each event is posted once.
import type { CommandDefinition } from "../src/core/answers/command.ts";
import { requireModerator } from "../src/core/answers/preconditions.ts";

const alerts: CommandDefinition = {
  name: "alerts",
  audience: "moderators",
  description: "Moderators: turn breakout and altseason alerts on or off for this chat",
  synopsis: "/alerts on|off|show [@channel]",
  options: [
    {
      kind: "choice",
      name: "state",
      description: "on, off, or show",
      choices: ["show", "on", "off"],
      default: "show",
    },
    {
      kind: "chat",
      name: "channel",
      description: "Target chat or channel (default: this one)",
      aliases: ["chat"],
    },
  ],
  async run(context, options) {
    const { caller, store, target, threadId } = await requireModerator(
      context,
      "alerts",
      options.channel !== undefined ? { chatRef: options.channel } : {},
    );
    const current = await store.getSubscription(target);
    if (options.state !== "show") {
      await store.setSubscription(
        {
          ...target,
          // In a forum topic, the alerts go to that topic.
          ...(threadId ? { threadId } : {}),
          createdBy: current?.createdBy ?? caller.userId,
          createdAt: current?.createdAt ?? context.now,
        },
        options.state === "on",
      );
    }
    const on = options.state === "show" ? current !== null : options.state === "on";
    return {
      title: context.locale.t(on ? "alerts.onTitle" : "alerts.offTitle"),
      lines: [on ? context.locale.t("alerts.on") : context.locale.t("alerts.off")],
      notes: [],
      sources: [],
      data: { command: "alerts", on, changed: options.state !== "show" },
      ephemeral: true,
    };
  },
};

export default alerts;
