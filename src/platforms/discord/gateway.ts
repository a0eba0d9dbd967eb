// The Discord gateway's life: logging in, waiting for READY, and telling the owner when Discord closes the
// connection for good (discord.js reconnects after any other close, but not after these).
import { once } from "node:events";
import { type Client, Events } from "discord.js";
import { ConfigError } from "../../core/base/errors.ts";
import type { Log } from "../adapter.ts";

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

export interface GatewayWatch {
  /** Settles with the reason when Discord closes the gateway for good; never after `stopping()`. */
  readonly failed: Promise<DiscordGatewayError>;
  /** Logs in and waits for READY; a token or intents Discord refuses become a ConfigError saying which. */
  connect(token: string, readyTimeoutMs: number): Promise<void>;
  /** From now on a close is the owner's doing, not a failure. */
  stopping(): void;
}

export function watchGateway(client: Client, log: Log): GatewayWatch {
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

  async function connect(token: string, readyTimeoutMs: number): Promise<void> {
    const ready = once(client, Events.ClientReady, { signal: AbortSignal.timeout(readyTimeoutMs) });
    try {
      await client.login(token);
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
  }

  return {
    failed,
    connect,
    stopping: () => {
      stopping = true;
    },
  };
}
