// Options several commands share, so they read and validate the same way everywhere.
import { CHOICE_LABELS, RANGE_YEARS } from "./catalog.ts";
import type { ChoiceOption, DateOption } from "./command.ts";

export const RANGE_OPTION: ChoiceOption = {
  kind: "choice",
  name: "range",
  description: "Chart range",
  choices: Object.keys(RANGE_YEARS),
  default: "5y",
  labels: CHOICE_LABELS.range,
};

export const AS_OF_OPTION: DateOption = {
  kind: "date",
  name: "date",
  description: "As-of date, YYYY-MM-DD",
  aliases: ["as-of", "asof"],
};
