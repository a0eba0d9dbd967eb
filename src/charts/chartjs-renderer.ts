// The chart.js adapter of the ChartRenderer port: draws a ChartSpec with chart.js on a node-canvas through
// chartjs-node-canvas, reusing one canvas per picture size, and encodes it as PNG.
import type { CanvasRenderingContext2D } from "canvas";
import { ChartJSNodeCanvasBase } from "chartjs-node-canvas";
import type { ChartRenderer, ChartSpec, ChartTheme } from "../core/answers/chart-spec.ts";
import { chartConfiguration } from "./chartjs-config.ts";
import { registerBundledFonts } from "./fonts.ts";
import { FONT_FAMILY } from "./frame-layout.ts";

export const DEFAULT_CHART_WIDTH = 1200;
export const DEFAULT_CHART_HEIGHT = 675;
/** zlib level 3 encodes a chart in about two thirds of the time of the default 6, for a file 1-2% larger. */
export const DEFAULT_PNG_COMPRESSION = 3;

export interface ChartJsRendererOptions {
  readonly width?: number;
  readonly height?: number;
  /** zlib level of the PNG encoder, 0-9: lower is faster and larger. */
  readonly pngCompression?: number;
}

interface NodeCanvas {
  getContext(kind: "2d"): CanvasRenderingContext2D;
  toBuffer(callback: (error: Error | null, buffer: Buffer) => void, mime: "image/png", config?: object): void;
  style?: object;
}

/**
 * chartjs-node-canvas loads its own chart.js and creates a fresh canvas for every chart; this subclass keeps
 * its chart.js but draws on canvases it keeps, so a long-running bot does not churn a 3 MB surface per render.
 * A canvas is in use from its drawing until its PNG is encoded: a chart drawn while another is encoded (off the
 * thread, by node-canvas) takes a second canvas, so drawing and encoding overlap.
 */
class ReusedCanvasEngine extends ChartJSNodeCanvasBase {
  private readonly free: NodeCanvas[] = [];

  constructor(width: number, height: number) {
    super({
      width,
      height,
      chartCallback: (chartJs) => {
        chartJs.defaults.font.family = FONT_FAMILY;
      },
    });
    registerBundledFonts((path, options) => this.registerFont(path, options));
  }

  private surface(): NodeCanvas {
    const kept = this.free.pop();
    if (kept) return kept;
    const canvas = this._createCanvas(this._width, this._height) as unknown as NodeCanvas;
    canvas.style = canvas.style ?? {};
    return canvas;
  }

  async draw(
    build: (measure: (font: string, text: string) => number) => Parameters<typeof this.newChart>[1],
    pngConfig: object,
  ): Promise<Buffer> {
    const canvas = this.surface();
    const context = canvas.getContext("2d");
    const measure = (font: string, text: string): number => {
      context.font = font;
      return context.measureText(text).width;
    };
    const chart = this.newChart(context, build(measure));
    try {
      return await new Promise<Buffer>((resolve, reject) => {
        canvas.toBuffer((error, buffer) => (error ? reject(error) : resolve(buffer)), "image/png", pngConfig);
      });
    } finally {
      chart.destroy();
      this.free.push(canvas);
    }
  }

  private newChart(
    context: CanvasRenderingContext2D,
    config: ConstructorParameters<typeof this._chartJs>[1],
  ) {
    return new this._chartJs(context, config);
  }
}

export class ChartJsRenderer implements ChartRenderer {
  readonly width: number;
  readonly height: number;
  private readonly pngConfig: object;
  private engine: ReusedCanvasEngine | undefined;

  constructor(options: ChartJsRendererOptions = {}) {
    this.width = options.width ?? DEFAULT_CHART_WIDTH;
    this.height = options.height ?? DEFAULT_CHART_HEIGHT;
    this.pngConfig = { compressionLevel: options.pngCompression ?? DEFAULT_PNG_COMPRESSION };
  }

  /**
   * Safe to call concurrently: each chart in progress has a canvas of its own (one more kept per chart at once).
   * In one process, the queue in index.ts draws one at a time; a renderer process keeps two in progress.
   */
  async render(spec: ChartSpec, theme: ChartTheme): Promise<Uint8Array> {
    this.engine ??= new ReusedCanvasEngine(this.width, this.height);
    const png = await this.engine.draw(
      (measure) => chartConfiguration(spec, theme, this.width, this.height, measure),
      this.pngConfig,
    );
    return new Uint8Array(png.buffer, png.byteOffset, png.byteLength);
  }
}
