// Colours of the two chart themes. Series colours are the Okabe-Ito palette, chosen to stay distinct for the
// common kinds of colour blindness; on the dark background blue becomes Okabe-Ito's sky blue for contrast.
import type { ChartColour, ChartTheme } from "../core/answers/chart-spec.ts";

export interface ThemeColours {
  readonly background: string;
  readonly text: string;
  readonly mutedText: string;
  readonly grid: string;
  readonly axis: string;
  /** Behind labels drawn over lines, so they stay legible. */
  readonly labelBackground: string;
  /** Opacity of shaded bands. */
  readonly bandAlpha: number;
  readonly series: Readonly<Record<ChartColour, string>>;
  /** The same colours for text, darkened on the light theme where the line colour is too pale to read. */
  readonly seriesText: Readonly<Record<ChartColour, string>>;
}

const OKABE_ITO = {
  orange: "#E69F00",
  sky: "#56B4E9",
  green: "#009E73",
  yellow: "#F0E442",
  blue: "#0072B2",
  vermillion: "#D55E00",
  purple: "#CC79A7",
} as const;

const DARK_SERIES = {
  ...OKABE_ITO,
  blue: OKABE_ITO.sky,
  sky: "#A6D6F5",
  green: "#1FBF8F",
  vermillion: "#FF7A33",
  neutral: "#B5BAC1",
};

const LIGHT_SERIES = { ...OKABE_ITO, neutral: "#5C5E66" };

export const THEMES: Readonly<Record<ChartTheme, ThemeColours>> = {
  dark: {
    background: "#2B2D31",
    text: "#F2F3F5",
    mutedText: "#B5BAC1",
    grid: "#3F4248",
    axis: "#6D6F78",
    labelBackground: "rgba(43, 45, 49, 0.85)",
    bandAlpha: 0.14,
    series: DARK_SERIES,
    seriesText: DARK_SERIES,
  },
  light: {
    background: "#FFFFFF",
    text: "#1E1F22",
    mutedText: "#4E5058",
    grid: "#E3E5E8",
    axis: "#9A9CA3",
    labelBackground: "rgba(255, 255, 255, 0.85)",
    bandAlpha: 0.12,
    series: LIGHT_SERIES,
    seriesText: {
      ...LIGHT_SERIES,
      orange: "#A66F00",
      sky: "#2A7FB8",
      green: "#007A5A",
      yellow: "#857B00",
      vermillion: "#B84F00",
      purple: "#A8457F",
    },
  },
};
