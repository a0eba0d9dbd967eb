// The error tree: what the user did wrong, what an upstream did wrong, what the operator configured wrong.
// A UserError's message is shown to the user as one line; the others are logged and replaced by an apology.

export class UserError extends Error {
  override readonly name = "UserError";
}

export class SourceError extends Error {
  override readonly name = "SourceError";
  constructor(
    message: string,
    readonly provider: string,
    readonly retryable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

/** A calculation was asked for more history than exists before the as-of date. */
export class NotEnoughDataError extends Error {
  override readonly name = "NotEnoughDataError";
}
