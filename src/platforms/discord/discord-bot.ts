// The Discord adapter (discord.js, gateway): wires the handlers to the client. Slash commands are
// handlers/commands.ts, the buttons under an answer handlers/buttons.ts, option autocomplete
// handlers/autocomplete.ts, the gateway's life gateway.ts, posting
// digests and alerts discord-sender.ts. Bad input and failures are answered ephemerally, so only the caller
// sees them.
import { Client, Events, GatewayIntentBits } from "discord.js";
import type { App } from "../../app/app.ts";
import type { Sender } from "../../core/schedules/digest.ts";
import { chartOrNothing, type Log, type RenderChart } from "../adapter.ts";
import type { HttpRoute } from "../http-route.ts";
import { createDiscordSender } from "./discord-sender.ts";
import { type DiscordGatewayError, watchGateway } from "./gateway.ts";
import { createAutocompleteHandler } from "./handlers/autocomplete.ts";
import { createButtonHandler } from "./handlers/buttons.ts";
import { createCommandHandler } from "./handlers/commands.ts";
import {
  CallbackRelay,
  DISCORD_INTERACTIONS_PATH,
  discordPublicKey,
  interactionsRoute,
} from "./interactions-endpoint.ts";

export type { Log, RenderChart } from "../adapter.ts";
export { DiscordGatewayError, describeGatewayClose } from "./gateway.ts";
export { tokensOf } from "./handlers/commands.ts";

export interface DiscordBotOptions {
  readonly token: string;
  /** DISCORD_API_BASE: the REST base without the version, e.g. http://127.0.0.1:8080/api. */
  readonly apiBase?: string;
  readonly app: App;
  readonly log: Log;
  readonly renderChart?: RenderChart;
  /** How long to wait for the gateway's READY. */
  readonly readyTimeoutMs?: number;
  /**
   * DISCORD_PUBLIC_KEY: receive interactions at POST /discord/interactions (any number of instances) instead of
   * over one gateway connection.
   */
  readonly publicKey?: string;
}

export interface RunningBot {
  /** Posts digests and alerts into channels; discord.js's REST queue handles rate limits. */
  readonly sender: Sender;
  /**
   * Settles with the reason when Discord closes the gateway for good (a token reset while running: 4004;
   * disallowed intents: 4014; see gateway.ts). discord.js reconnects after any other close, but not after these,
   * so no command arrives any more: the owner should stop and exit non-zero rather than run deaf. Never settles
   * after stop().
   */
  readonly failed: Promise<DiscordGatewayError>;
  /** In HTTP mode, POST /discord/interactions for the HTTP server. */
  readonly routes: ReadonlyMap<string, HttpRoute>;
  stop(): Promise<void>;
}

/** No message the bot sends pings anyone unless it says so (a digest's configured role). */
const NO_MENTIONS = { parse: [], users: [], roles: [], repliedUser: false };

export async function startDiscordBot(options: DiscordBotOptions): Promise<RunningBot> {
  const { app, log } = options;
  const relay = options.publicKey ? new CallbackRelay() : null;
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    // As many shards as Discord recommends for the bot's servers (one below 2,500; required from there).
    shards: "auto",
    allowedMentions: NO_MENTIONS,
    rest: {
      ...(options.apiBase ? { api: options.apiBase } : {}),
      ...(relay ? { makeRequest: relay.makeRequest } : {}),
    },
  });
  const renderChart = chartOrNothing(options.renderChart, log, "discord");
  const onCommand = createCommandHandler({ app, client, log, renderChart });
  const onButton = createButtonHandler({ app, client, log, renderChart });
  const onAutocomplete = createAutocompleteHandler(app.commands, log);
  const inFlight = new Set<Promise<void>>();
  const track = (work: Promise<void>) => {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  };

  client.on(Events.InteractionCreate, (interaction) => {
    if (interaction.isAutocomplete()) return onAutocomplete(interaction);
    if (interaction.isButton()) return track(onButton(interaction));
    if (interaction.isChatInputCommand()) track(onCommand(interaction));
  });
  client.on(Events.Error, (error) => log("discord: client error", error));

  const finish = async () => {
    while (inFlight.size > 0) await Promise.all([...inFlight]);
    await client.destroy();
  };
  if (relay && options.publicKey) {
    // No gateway: REST with the token, interactions from the HTTP server.
    client.token = options.token;
    client.rest.setToken(options.token);
    const route = interactionsRoute(client, discordPublicKey(options.publicKey), relay, log);
    log(`discord: receiving interactions at POST ${DISCORD_INTERACTIONS_PATH}`);
    return {
      sender: createDiscordSender(client),
      failed: new Promise(() => {}),
      routes: new Map([[DISCORD_INTERACTIONS_PATH, route]]),
      stop: finish,
    };
  }
  const gateway = watchGateway(client, log);
  await gateway.connect(options.token, options.readyTimeoutMs ?? 60_000);
  log(`discord: connected as ${client.user?.tag ?? "the bot"}`);

  return {
    sender: createDiscordSender(client),
    failed: gateway.failed,
    routes: new Map(),
    async stop() {
      gateway.stopping();
      await finish();
    },
  };
}
