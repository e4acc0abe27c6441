/**
 * A request's stages as the pipeline passes them, held so that recording one costs almost
 * nothing: no object and no text per stage. A stage's name, outcome, summary, arguments and detail
 * go into one flat list, its duration into a list of plain numbers (kept unboxed by V8), and a
 * summary that quotes the request is kept as a template and its arguments: the sentence is written
 * only when someone reads the trace. Most requests' traces are never read.
 *
 * Why it matters: every request passes ~15 stages, and a finished trace waits in memory for the
 * live log and the background write. As objects with their sentences, the stages were ~3.6 KB
 * allocated per request and dozens of objects that each young-generation collection had to copy
 * (measured: scavenge time a quarter lower without them).
 */
import type { TraceStage, TraceStageDetails, TraceStageName } from '../../../src-shared/trace';

/**
 * A stage's summary: a plain sentence, or a template that writes it from up to three arguments.
 * A template must be a function defined once (a module's constant), not a closure made per
 * request: it is kept with the trace, and a closure would keep the request's scope alive.
 */
export type StageSummary<A, B, C> = string | ((a: A, b: B, c: C) => string);

/** Slots per stage in `refs`: name, outcome, summary, three arguments, detail. */
const SLOTS = 7;
/** Room for this many stages is made up front: a request passes about 15, a retried or failing one a few more. */
const EXPECTED_STAGES = 18;

export class StageLog {
  private readonly refs: unknown[] = new Array<unknown>(EXPECTED_STAGES * SLOTS);
  private readonly durations: number[] = [];
  private count = 0;

  get length(): number {
    return this.count;
  }

  add<N extends TraceStageName, A, B, C>(
    name: N,
    outcome: TraceStage['outcome'],
    durationMs: number,
    summary: StageSummary<A, B, C>,
    detail: TraceStageDetails[N] | undefined,
    a: A,
    b: B,
    c: C,
  ): void {
    const at = this.count * SLOTS;
    const refs = this.refs;
    refs[at] = name;
    refs[at + 1] = outcome;
    refs[at + 2] = summary;
    refs[at + 3] = a;
    refs[at + 4] = b;
    refs[at + 5] = c;
    refs[at + 6] = detail;
    this.durations.push(durationMs);
    this.count++;
  }

  /** The stages as a trace shows them, their summaries written now. */
  toStages(): TraceStage[] {
    const stages = new Array<TraceStage>(this.count);
    for (let i = 0; i < this.count; i++) {
      const at = i * SLOTS;
      const refs = this.refs;
      const summary = refs[at + 2] as StageSummary<unknown, unknown, unknown>;
      const stage = {
        name: refs[at] as TraceStageName,
        outcome: refs[at + 1] as TraceStage['outcome'],
        summary: typeof summary === 'string' ? summary : summary(refs[at + 3], refs[at + 4], refs[at + 5]),
        durationMs: this.durations[i],
      } as TraceStage;
      // Absent, not undefined: stored traces and the UI tell "no detail" by the field's absence.
      if (refs[at + 6] !== undefined) stage.detail = refs[at + 6] as never;
      stages[i] = stage;
    }
    return stages;
  }
}
