// The console while runs are going: one status line for every run under way (a matrix runs
// several brokers at once, `npm run suite` both profiles), with counts, the time spent and an
// estimate of the time left. On a terminal the line is redrawn in place; in a log (CI) it is
// printed every so often, so a long run shows it is alive and a short one prints nothing extra.
import type { ScenarioResult, Verdict } from "../results/results.ts";

export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

export interface ProgressOptions {
  /** Redraw one line in place (a terminal); default: whether the stream is a TTY. */
  interactive?: boolean;
  /** How often a log gets a status line; a run shorter than this prints none. */
  logIntervalMs?: number;
  now?: () => number;
}

const symbols: Record<Verdict, string> = { passed: "✓", failed: "✗", unsupported: "⛔", "not-applicable": "–" };

/** "42 s", "3 min 05 s". */
export function duration(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  if (total < 60) return `${total} s`;
  return `${Math.floor(total / 60)} min ${String(total % 60).padStart(2, "0")} s`;
}

/** One run's share of the status line. */
export class RunProgress {
  done = 0;
  readonly counts: Record<Verdict, number> = { passed: 0, failed: 0, unsupported: 0, "not-applicable": 0 };
  readonly startedAt: number;
  finished = false;

  constructor(
    readonly label: string,
    private readonly planned: () => number,
    private readonly board: ProgressBoard,
    now: number,
  ) {
    this.startedAt = now;
  }

  get total(): number {
    return Math.max(this.planned(), this.done);
  }

  /** Call with every scenario as it finishes. */
  readonly onScenario = (scenario: ScenarioResult): void => {
    this.done++;
    this.counts[scenario.status]++;
    this.board.changed();
  };

  /**
   * Time left at the pace so far. Slow scenarios start first, so the estimate starts high and
   * comes down; none before a tenth of the run is done.
   */
  remainingMs(now: number): number | undefined {
    if (this.finished || this.done === 0 || this.done < this.total / 10) return undefined;
    return ((now - this.startedAt) / this.done) * (this.total - this.done);
  }

  describe(): string {
    const verdicts = (Object.keys(symbols) as Verdict[])
      .filter((verdict) => this.counts[verdict] > 0)
      .map((verdict) => `${this.counts[verdict]}${symbols[verdict]}`);
    return `${this.label} ${this.done}/${this.total || "?"}${verdicts.length > 0 ? ` (${verdicts.join(" ")})` : ""}`;
  }
}

export class ProgressBoard {
  private readonly runs: RunProgress[] = [];
  private readonly interactive: boolean;
  private readonly logIntervalMs: number;
  private readonly now: () => number;
  private readonly startedAt: number;
  /** What the caller adds in front, e.g. how many brokers of a matrix are done. */
  context = "";
  private statusShown = false;
  private lastDrawn = Number.NEGATIVE_INFINITY;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly out: ProgressStream,
    options: ProgressOptions = {},
  ) {
    this.interactive = options.interactive ?? out.isTTY === true;
    this.logIntervalMs = options.logIntervalMs ?? 15_000;
    this.now = options.now ?? Date.now;
    this.startedAt = this.now();
  }

  /** Starts showing a run; `planned` tells how many scenarios it will play once it knows. */
  track(label: string, planned: () => number): RunProgress {
    const run = new RunProgress(label, planned, this, this.now());
    this.runs.push(run);
    this.startTimer();
    this.changed();
    return run;
  }

  finish(run: RunProgress): void {
    run.finished = true;
    this.changed();
  }

  /** A line that stays, written above the status line. */
  say(text: string): void {
    this.clear();
    this.out.write(text.endsWith("\n") ? text : `${text}\n`);
    this.draw(true);
  }

  /** The status line: every run under way, the time spent, and the time left. */
  statusLine(): string {
    const now = this.now();
    const active = this.runs.filter((run) => !run.finished);
    const left = active.map((run) => run.remainingMs(now));
    const estimate =
      left.length > 0 && left.every((ms) => ms !== undefined)
        ? `, about ${duration(Math.max(...(left as number[])))} left`
        : "";
    const parts = [this.context, ...active.map((run) => run.describe())].filter(Boolean);
    return `  ▸ ${parts.join(" · ")} · ${duration(now - this.startedAt)}${estimate}`;
  }

  /** Something changed: redraw a terminal's line (at most five times a second). */
  changed(): void {
    if (this.interactive) this.draw(false);
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.clear();
  }

  private startTimer(): void {
    if (this.timer) return;
    // a terminal's elapsed time ticks every second; a log gets a line every interval
    this.timer = setInterval(
      () => {
        if (!this.runs.some((run) => !run.finished)) return;
        if (this.interactive) this.draw(true);
        else this.out.write(`${this.statusLine()}\n`);
      },
      this.interactive ? 1000 : this.logIntervalMs,
    );
    this.timer.unref();
  }

  private draw(force: boolean): void {
    if (!this.interactive) return;
    if (!this.runs.some((run) => !run.finished)) return this.clear();
    const now = this.now();
    if (!force && now - this.lastDrawn < 200) return;
    this.lastDrawn = now;
    this.out.write(`\r\x1b[2K${this.statusLine()}`);
    this.statusShown = true;
  }

  private clear(): void {
    if (!this.statusShown) return;
    this.out.write("\r\x1b[2K");
    this.statusShown = false;
  }
}
