// The bot's log, through pino: levels, one JSON line per event when stderr is not a terminal (a service manager,
// a container), readable lines on a terminal, errors with their stack and cause. Every line is scrubbed of the
// secrets in the environment (tokens, keys) as it is written, whatever wrote it: a request URL that holds the
// Telegram token, an error message, a stack.
import pino, { type Logger } from "pino";
import pretty from "pino-pretty";

export type Log = (message: string, error?: unknown) => void;

export const LOG_LEVELS = ["trace", "debug", "info", "warn", "error", "fatal", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Environment variables whose values are secrets: never written to a log. */
const SECRET_NAME = /TOKEN|SECRET|PASSWORD|API_KEY|PUBLIC_KEY|DATABASE_URL/i;

export function secretsOf(env: Readonly<Record<string, string | undefined>>): string[] {
  return Object.entries(env)
    .filter(([name, value]) => SECRET_NAME.test(name) && value !== undefined && value.length >= 6)
    .map(([, value]) => value as string)
    .sort((a, b) => b.length - a.length);
}

/** Replaces every secret, and anything shaped like a Telegram bot token, in a line about to be written. */
export function redactor(secrets: readonly string[]): (line: string) => string {
  return (line) => {
    let out = line;
    for (const secret of secrets) {
      if (out.includes(secret)) out = out.replaceAll(secret, "[redacted]");
      // In a JSON line the secret may be escaped (a backslash or quote in it): scrub that form too.
      const escaped = JSON.stringify(secret).slice(1, -1);
      if (escaped !== secret && out.includes(escaped)) out = out.replaceAll(escaped, "[redacted]");
    }
    return out.replace(/\b\d{6,12}:[A-Za-z0-9_-]{30,}\b/g, "[redacted]");
  };
}

export interface LoggerOptions {
  readonly level: LogLevel;
  /** Readable lines (a terminal) instead of JSON. */
  readonly pretty: boolean;
  readonly secrets: readonly string[];
  /** Where lines go; stderr by default. */
  readonly destination?: NodeJS.WritableStream;
}

export function createLogger(options: LoggerOptions): Logger {
  const redact = redactor(options.secrets);
  const destination = options.destination ?? process.stderr;
  const stream = options.pretty
    ? pretty({ destination, sync: true, colorize: destination === process.stderr, ignore: "pid,hostname" })
    : destination;
  return pino(
    {
      level: options.level,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      serializers: { err: pino.stdSerializers.errWithCause },
      hooks: { streamWrite: redact },
    },
    stream,
  );
}

/**
 * The `(message, error?)` log the app's parts take, onto a pino logger: a message alone is `info`; with an
 * Error it is `error`, with the error's stack and cause; with any other detail it is `warn`.
 */
export function logFunction(logger: Logger): Log {
  return (message, error) => {
    if (error === undefined) logger.info(message);
    else if (error instanceof Error) logger.error({ err: error }, message);
    else logger.warn({ detail: String(error) }, message);
  };
}
