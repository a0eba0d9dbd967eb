// The Discord adapter (discord.js, gateway): a slash command becomes a command name and tokens for the app;
// the Reply goes back as an embed, with the chart attached as chart.png when one is rendered.
// Bad input and failures are answered ephemerally, so only the caller sees them.
import { once } from "node:events";
import {
  AttachmentBuilder,
  type ChatInputCommandInteraction,
  Client,
  Events,
  GatewayIntentBits,
  MessageFlags,
} from "discord.js";
import type { App } from "../../app/app.ts";
import { describeFailure } from "../../app/failure.ts";
import type { Caller, CommandDefinition } from "../../core/answers/command.ts";
import { parseCommandArgs } from "../../core/answers/command-args.ts";
import { ConfigError } from "../../core/base/errors.ts";
import type { Sender } from "../../core/schedules/digest.ts";
import { listTimeZones } from "../../core/schedules/zoned-time.ts";
import { chartOrNothing, type Log, type RenderChart } from "../adapter.ts";
import { discordAuthorizer } from "./authorize.ts";
import { CHART_FILE, renderDiscordEmbed } from "./discord-embed.ts";
import { createDiscordSender } from "./discord-sender.ts";
import { suggestTimeZones } from "./slash-commands.ts";

export type { Log, RenderChart } from "../adapter.ts";

export interface DiscordBotOptions {
  readonly token: string;
  /** DISCORD_API_BASE: the REST base without the version, e.g. http://127.0.0.1:8080/api. */
  readonly apiBase?: string;
  readonly app: App;
  readonly log: Log;
  readonly renderChart?: RenderChart;
  /** How long to wait for the gateway's READY. */
  readonly readyTimeoutMs?: number;
}

export interface RunningBot {
  /** Posts digests and alerts into channels; discord.js's REST queue handles rate limits. */
  readonly sender: Sender;
  /**
   * Settles with the reason when Discord closes the gateway for good (a token reset while running: 4004;
   * disallowed intents: 4014; see FATAL_CLOSES). discord.js reconnects after any other close, but not after these,
   * so no command arrives any more: the owner should stop and exit non-zero rather than run deaf. Never settles
   * after stop().
   */
  readonly failed: Promise<DiscordGatewayError>;
  stop(): Promise<void>;
}

/**
 * The gateway close codes after which discord.js does not reconnect (its UNRECOVERABLE_CLOSE_CODES, signalled by
 * the client's shardDisconnect event), with what each means for whoever runs the bot.
 */
const FATAL_CLOSES = new Map<number, string>([
  [
    4004,
    "Discord no longer accepts DISCORD_TOKEN; was it reset in the Developer Portal? (4004 Authentication failed)",
  ],
  [4010, "the client sent an invalid shard (4010 Invalid shard)"],
  [4011, "the bot is in too many servers for one connection and needs sharding (4011 Sharding required)"],
  [4012, "the client used a gateway version Discord no longer serves (4012 Invalid API version)"],
  [4013, "the client asked for invalid intents (4013 Invalid intent(s))"],
  [
    4014,
    "the bot asked for privileged intents it is not allowed; enable them under Bot → Privileged Gateway " +
      "Intents in the Developer Portal (4014 Disallowed intent(s))",
  ],
]);

/** Discord closed the gateway for good: `code` is the close code. */
export class DiscordGatewayError extends Error {
  override readonly name = "DiscordGatewayError";
  constructor(
    message: string,
    readonly code: number,
  ) {
    super(message);
  }
}

/** One line on why the gateway is gone, e.g. for 4004. */
export function describeGatewayClose(code: number): DiscordGatewayError {
  const why = FATAL_CLOSES.get(code) ?? `Discord closed the connection with code ${code}`;
  return new DiscordGatewayError(`discord: gateway closed for good: ${why}`, code);
}

const NO_MENTIONS = { parse: [], users: [], roles: [], repliedUser: false };

/** The slash command's options as the tokens the app parses: `name:value`, in definition order. */
export function tokensOf(command: CommandDefinition, interaction: ChatInputCommandInteraction): string[] {
  const tokens: string[] = [];
  for (const option of command.options) {
    const value = interaction.options.get(option.name)?.value;
    if (value !== undefined && value !== null && String(value).trim() !== "") {
      tokens.push(`${option.name}:${String(value)}`);
    }
  }
  return tokens;
}

function callerOf(client: Client, interaction: ChatInputCommandInteraction): Caller {
  return {
    platform: "discord",
    userId: interaction.user.id,
    chatId: interaction.channelId,
    isPrivateChat: !interaction.inGuild(),
    authorizeChange: discordAuthorizer(client, interaction),
  };
}

export async function startDiscordBot(options: DiscordBotOptions): Promise<RunningBot> {
  const { app, log } = options;
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    // No message the bot sends pings anyone unless it says so (a digest's configured role): text a user typed,
    // a channel or role name in a reply, never mentions.
    allowedMentions: NO_MENTIONS,
    ...(options.apiBase ? { rest: { api: options.apiBase } } : {}),
  });
  const inFlight = new Set<Promise<void>>();

  const renderChart = chartOrNothing(options.renderChart, log, "discord");

  /** One line only the caller sees; after a public defer, the placeholder is removed first. */
  async function answerPrivately(interaction: ChatInputCommandInteraction, content: string): Promise<void> {
    if (!interaction.deferred && !interaction.replied) {
      await interaction.reply({ content, flags: MessageFlags.Ephemeral });
      return;
    }
    await interaction.deleteReply().catch((error: unknown) => log("discord: deleteReply failed", error));
    await interaction.followUp({ content, flags: MessageFlags.Ephemeral });
  }

  async function handle(interaction: ChatInputCommandInteraction): Promise<void> {
    const command = app.find(interaction.commandName);
    try {
      if (!command) {
        await answerPrivately(interaction, `Unknown command /${interaction.commandName}.`);
        return;
      }
      const tokens = tokensOf(command, interaction);
      // Bad input is answered at once, ephemerally, before anyone sees "thinking…".
      parseCommandArgs(command.name, command.options, tokens);
      await interaction.deferReply();
      const reply = await app.run(command.name, tokens, callerOf(client, interaction));
      const chart = await renderChart(reply);
      const embed = renderDiscordEmbed(reply, { withChart: chart !== null });
      const files = chart ? { files: [new AttachmentBuilder(Buffer.from(chart), { name: CHART_FILE })] } : {};
      if (reply.ephemeral) {
        await interaction.deleteReply();
        await interaction.followUp({ embeds: [embed], ...files, flags: MessageFlags.Ephemeral });
        return;
      }
      await interaction.editReply({ embeds: [embed], ...files });
    } catch (error) {
      const failure = describeFailure(error);
      if (failure.internal)
        log(`discord: /${interaction.commandName} failed in channel ${interaction.channelId}`, error);
      try {
        await answerPrivately(interaction, failure.message);
      } catch (again) {
        log("discord: could not answer the interaction", again);
      }
    }
  }

  client.on(Events.InteractionCreate, (interaction) => {
    if (interaction.isAutocomplete()) {
      const focused = interaction.options.getFocused(true);
      const zones =
        focused.name === "timezone" ? suggestTimeZones(String(focused.value), listTimeZones()) : [];
      interaction
        .respond(zones.map((zone) => ({ name: zone, value: zone })))
        .catch((error: unknown) => log("discord: autocomplete failed", error));
      return;
    }
    if (!interaction.isChatInputCommand()) return;
    const work = handle(interaction);
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  });
  client.on(Events.Error, (error) => log("discord: client error", error));

  // discord.js emits shardDisconnect only for the close codes it will not recover from: at start-up login()
  // rejects as well (with a bare "Authentication failed"); later nothing else would tell us.
  let started = false;
  let stopping = false;
  let fatal: DiscordGatewayError | undefined;
  let reportFailure: (failure: DiscordGatewayError) => void = () => {};
  const failed = new Promise<DiscordGatewayError>((resolve) => {
    reportFailure = resolve;
  });
  client.on(Events.ShardDisconnect, ({ code }) => {
    if (stopping || fatal) return;
    fatal = describeGatewayClose(code);
    reportFailure(fatal);
    if (started) log(fatal.message); // at start-up login() rejects and the caller reports it
  });

  const ready = once(client, Events.ClientReady, {
    signal: AbortSignal.timeout(options.readyTimeoutMs ?? 60_000),
  });
  try {
    await client.login(options.token);
    await ready;
  } catch (error) {
    ready.catch(() => {}); // its timeout would otherwise reject unhandled later
    await client.destroy();
    // A token or intents Discord refuses is the operator's to fix: say which, not "Authentication failed".
    if (fatal) throw new ConfigError(fatal.message, { cause: error });
    // A wrong token is usually refused before the gateway opens, by REST (401), as discord.js's TokenInvalid.
    if ((error as { code?: unknown } | null)?.code === "TokenInvalid") {
      throw new ConfigError(
        "Discord rejected DISCORD_TOKEN: copy the bot's token from the Developer Portal (Bot, Reset Token)",
        { cause: error },
      );
    }
    throw error;
  }
  started = true;
  log(`discord: connected as ${client.user?.tag ?? "the bot"}`);

  const sender = createDiscordSender(client);

  return {
    sender,
    failed,
    async stop() {
      stopping = true;
      while (inFlight.size > 0) await Promise.all([...inFlight]);
      await client.destroy();
    },
  };
}
