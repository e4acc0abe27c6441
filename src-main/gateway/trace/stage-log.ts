/**
 * A request's stages as the pipeline passes them, held so that recording one costs almost
 * nothing: no object and no text per stage. A stage goes into one flat list as its name, a small
 * integer (outcome, whether a detail follows, how many arguments follow, and its duration), its
 * summary, its detail if any and its arguments. A summary that quotes the request is kept as a
 * template and its arguments: the sentence is written only when someone reads the trace. Most
 * requests' traces are never read.
 *
 * Why it matters: every request passes ~15 stages. As objects with their sentences, the stages were
 * ~3.6 KB allocated per request. As one flat list of small values, a finished request's stages are
 * cheap to keep: the waiting trace holds them as bytes (held-traces.ts), encoded straight from this
 * list, and stagesOf() reads them back. The durations folded into the small integers keep the list
 * to one entry fewer per stage.
 */
import type { TraceStage, TraceStageDetails, TraceStageName } from '../../../src-shared/trace';

/**
 * A stage's summary: a plain sentence, or a template that writes it from up to three arguments.
 * A template must be a function defined once (a module's constant), not a closure made per
 * request: a waiting trace refers to it by number (value-codec.ts remembers every function it
 * meets), and its arguments should be strings and numbers, which are what a trace holds cheaply.
 */
export type StageSummary<A, B, C> = string | ((a: A, b: B, c: C) => string);

type Outcome = TraceStage['outcome'];
/** An outcome as the small integer stored for it, and back (OUTCOMES[index]). */
const OUTCOME_INDEX: Readonly<Record<Outcome, number>> = { ok: 0, fail: 1, skip: 2 };
const OUTCOMES = Object.keys(OUTCOME_INDEX) as readonly Outcome[];

/**
 * The integer after a stage's name: bits 0–1 the outcome's index in OUTCOMES, bit 2 set when a
 * detail follows the summary, bits 3–4 how many template arguments follow (trailing undefined ones
 * are not stored), and from bit 6 up the stage's duration in whole microseconds (durations are
 * kept to the microsecond anyway, see round()). A duration too long for that (over 16 s) follows as
 * an entry of its own, and bit 5 says so. The integer stays under 2^30, a small integer on every V8
 * build, held in the list itself without an allocation: a stage costs no number of its own.
 */
const HAS_DETAIL = 4;
const ARGS_SHIFT = 3;
const DURATION_FOLLOWS = 32;
const DURATION_UNIT = 64;
const MAX_INLINE_MICROS = 2 ** 24 - 1;

/**
 * Room made up front: a request passes about 15 stages of two to five entries each (60 with no
 * auth, 63 with a JS authorizer, measured), so most never make the list grow.
 */
const EXPECTED_ENTRIES = 64;

export class StageLog {
  private refs: unknown[] = new Array<unknown>(EXPECTED_ENTRIES);
  /** Entries of `refs` in use. */
  private used = 0;
  private stageCount = 0;

  get length(): number {
    return this.stageCount;
  }

  add<N extends TraceStageName, A, B, C>(
    name: N,
    outcome: Outcome,
    durationMs: number,
    summary: StageSummary<A, B, C>,
    detail: TraceStageDetails[N] | undefined,
    a: A,
    b: B,
    c: C,
  ): void {
    const refs = this.refs;
    const argCount = c !== undefined ? 3 : b !== undefined ? 2 : a !== undefined ? 1 : 0;
    const micros = Math.round(durationMs * 1000);
    const inline = micros >= 0 && micros <= MAX_INLINE_MICROS;
    const shape = OUTCOME_INDEX[outcome] | (detail !== undefined ? HAS_DETAIL : 0) | (argCount << ARGS_SHIFT) | (inline ? 0 : DURATION_FOLLOWS);
    let at = this.used;
    refs[at++] = name;
    // Multiplied, not shifted: a shift would work on 32 bits.
    refs[at++] = inline ? shape + micros * DURATION_UNIT : shape;
    if (!inline) refs[at++] = durationMs;
    refs[at++] = summary;
    if (detail !== undefined) refs[at++] = detail;
    if (argCount > 0) refs[at++] = a;
    if (argCount > 1) refs[at++] = b;
    if (argCount > 2) refs[at++] = c;
    this.used = at;
    this.stageCount++;
  }

  /** The log as a list of plain values (what a waiting trace holds, see held-traces.ts); read back by stagesOf(). */
  entries(): unknown[] {
    return this.refs.length === this.used ? this.refs : this.refs.slice(0, this.used);
  }

  /** The stages as a trace shows them, their summaries written now. */
  toStages(): TraceStage[] {
    return stagesOf(this.entries());
  }
}

/** The stages a log's entries() stand for, as a trace shows them, their summaries written now. */
export function stagesOf(refs: readonly unknown[]): TraceStage[] {
  const stages: TraceStage[] = [];
  let at = 0;
  while (at < refs.length) {
    const name = refs[at++] as TraceStageName;
    const shape = refs[at++] as number;
    const durationMs = shape & DURATION_FOLLOWS ? (refs[at++] as number) : Math.floor(shape / DURATION_UNIT) / 1000;
    const summary = refs[at++] as StageSummary<unknown, unknown, unknown>;
    const detail = shape & HAS_DETAIL ? refs[at++] : undefined;
    const argCount = (shape >> ARGS_SHIFT) & 3;
    const args = [undefined, undefined, undefined] as unknown[];
    for (let k = 0; k < argCount; k++) args[k] = refs[at++];
    const stage = {
      name,
      outcome: OUTCOMES[shape & 3],
      summary: typeof summary === 'string' ? summary : summary(args[0], args[1], args[2]),
      durationMs,
    } as TraceStage;
    // Absent, not undefined: stored traces and the UI tell "no detail" by the field's absence.
    if (detail !== undefined) stage.detail = detail as never;
    stages.push(stage);
  }
  return stages;
}
