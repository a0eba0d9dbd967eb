// Posts digests and alerts into Discord channels. Each OutgoingMessage is exactly one Discord message (the answers'
// embeds, the chart attached to the first, the configured role mentioned), so a channel gets a digest whole or
// not at all. Its nonce, derived from the ledger key, is enforced: a post resent after a crash or a lost answer
// is the same message to Discord, not a second one. Only the digest's role may be pinged.
import { createHash } from "node:crypto";
import { AttachmentBuilder, type Client } from "discord.js";
import {
  type OutgoingMessage,
  PermanentSendError,
  RetryableSendError,
  type Sender,
} from "../../core/schedules/digest.ts";
import { CHART_FILE, EMBED_LIMITS, renderDiscordEmbed } from "./discord-embed.ts";

/** Discord error codes that mean the channel cannot be written to again: unknown channel, missing access/permissions. */
const UNREACHABLE_CODES = new Set([10003, 50001, 50013]);

export function toSendError(error: unknown): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  const status = (error as { status?: unknown } | null)?.status;
  if (typeof code === "number" && UNREACHABLE_CODES.has(code))
    return new PermanentSendError(`Discord ${code}: ${(error as Error).message}`);
  if (typeof status === "number" && (status === 429 || status >= 500))
    return new RetryableSendError(`Discord HTTP ${status}`);
  // No answer at all (a network error): resending is safe, the nonce makes it the same message.
  if (typeof code === "string" || (error as { name?: unknown } | null)?.name === "AbortError")
    return new RetryableSendError(`no answer from Discord (${String((error as Error).message)})`);
  return error;
}

/** Discord's nonce: at most 25 characters, the same for every attempt at one delivery. */
export function nonceOf(deliveryId: string): string {
  return createHash("sha256").update(deliveryId).digest("base64url").slice(0, 25);
}

/** The message body of one post: embeds share Discord's 6,000-character budget for a message. */
export function postBody(message: OutgoingMessage) {
  const share = Math.floor(EMBED_LIMITS.total / Math.max(1, message.replies.length));
  const embeds = message.replies.map((reply, i) =>
    renderDiscordEmbed(reply, { withChart: i === 0 && message.png !== undefined, total: share }),
  );
  const mention = message.mentionRoleId ? `<@&${message.mentionRoleId}>` : "";
  const content = [mention, message.text ?? ""].filter(Boolean).join("\n");
  return {
    ...(content ? { content } : {}),
    ...(embeds.length > 0 ? { embeds } : {}),
    allowedMentions: { parse: [], users: [], roles: message.mentionRoleId ? [message.mentionRoleId] : [] },
    ...(message.png
      ? { files: [new AttachmentBuilder(Buffer.from(message.png), { name: CHART_FILE })] }
      : {}),
    ...(message.deliveryId ? { nonce: nonceOf(message.deliveryId), enforceNonce: true } : {}),
  };
}

export function createDiscordSender(client: Client): Sender {
  return {
    platform: "discord",
    async send(chatId: string, message: OutgoingMessage) {
      try {
        const channel = await client.channels.fetch(chatId);
        if (!channel?.isSendable()) throw new PermanentSendError(`channel ${chatId} does not take messages`);
        await channel.send(postBody(message));
      } catch (error) {
        throw toSendError(error);
      }
    },
    async notifyUser(userId: string, text: string) {
      try {
        await (await client.users.fetch(userId)).send({ content: text, allowedMentions: { parse: [] } });
        return true;
      } catch {
        return false;
      }
    },
  };
}
