// Turns any error into the one line a person sees: their mistake, or a short apology for ours.
import { ConfigError, NotEnoughDataError, SourceError, UserError } from "../core/base/errors.ts";

export interface Failure {
  readonly message: string;
  /** True when it is not the user's doing: log it, exit non-zero, apologise. */
  readonly internal: boolean;
}

export function describeFailure(error: unknown): Failure {
  if (error instanceof UserError) return { message: error.message, internal: false };
  // The data cannot answer what was asked (an as-of date before a series began): the user can change the question.
  if (error instanceof NotEnoughDataError) {
    return { message: `Not enough data for that: ${error.message}. Try a later date.`, internal: false };
  }
  if (error instanceof ConfigError)
    return { message: `configuration error: ${error.message}`, internal: true };
  if (error instanceof SourceError) {
    return {
      message: `Sorry, market data is unavailable right now (${error.provider}: ${error.message}).`,
      internal: true,
    };
  }
  return { message: "Sorry, something went wrong on our side; the error was logged.", internal: true };
}
