/**
 * A request's trace as an explanation read top to bottom: each pipeline stage with what it decided
 * and why, the authorizer's event, raw result and decision, the cache, each context key → backend
 * parameter with the value sent, the backend request as received, and the time per stage.
 */
import type { ReactNode } from 'react';
import type { TraceRecord, TraceStage } from '../../src-shared/trace';
import { JsonBlock, KvTable } from '../components/JsonBlock';
import { traceHeadline } from '../../src-shared/trace-headline';
import { MethodBadge } from '../components/MethodBadge';
import { Headline } from './Headline';
import { AuthorizerRun } from './AuthorizerRun';
import { BackendCall } from './BackendCall';
import { ParamMapping } from './ParamMapping';
import { STAGE_TITLES } from './stageTitles';
import { timeSegments, type TimeSegment } from './timeSegments';
import { stageDetail } from './StageDetails';

export interface TraceViewProps {
  trace: TraceRecord;
  /** Resolves to the number of cache entries flushed (shown next to the button). */
  onFlushCache?: (authorizerId: string) => Promise<number>;
  /** The response the client got (status, headers, body) at the end; off where it is shown beside. */
  showResponse?: boolean;
}

export function TraceView({ trace, onFlushCache, showResponse = true }: TraceViewProps) {
  const frontend = trace.authorizers.find((a) => a.leg === 'frontend');
  const backendAuth = trace.authorizers.find((a) => a.leg === 'backend');
  const shown = new Set<string>();
  const headline = traceHeadline(trace);

  const extraFor = (stage: TraceStage): ReactNode => {
    const blocks: ReactNode[] = [];
    if (stage.name === 'authorizer' && frontend) {
      shown.add('frontend');
      blocks.push(<AuthorizerRun key="fa" run={frontend} showReason={false} onFlushCache={onFlushCache && (() => onFlushCache(frontend.authorizerId))} />);
    }
    if (stage.name === 'backend-authorizer' && backendAuth) {
      shown.add('backendAuth');
      blocks.push(<AuthorizerRun key="ba" run={backendAuth} showReason={false} onFlushCache={onFlushCache && (() => onFlushCache(backendAuth.authorizerId))} />);
    }
    if (stage.name === 'backend-request' && trace.backend) {
      shown.add('params');
      blocks.push(<ParamMapping key="pm" params={trace.backend.params} />);
    }
    if (stage.name === 'backend' && trace.backend) {
      shown.add('backend');
      if (!shown.has('params')) {
        shown.add('params');
        blocks.push(<ParamMapping key="pm" params={trace.backend.params} />);
      }
      blocks.push(<BackendCall key="bc" backend={trace.backend} />);
    }
    if (stage.name === 'response') {
      shown.add('response');
      blocks.push(
        <div key="resp" className="stack">
          <KvTable record={trace.response.headers} />
          {trace.response.body && <JsonBlock value={trace.response.body} />}
        </div>,
      );
    }
    const special = blocks.length === 0 ? stageDetail(stage) : null;
    if (special) blocks.push(<div key="sd">{special}</div>);
    else if (blocks.length === 0 && stage.detail && Object.keys(stage.detail).length) blocks.push(<KvTable key="d" record={stage.detail} />);
    return blocks.length ? <div className="detail">{blocks}</div> : null;
  };

  const steps = trace.stages.map((stage, i) => {
    const extra = extraFor(stage);
    return (
      <div key={i} className={`trace-step ${stage.outcome}`} data-testid={`stage-${stage.name}`}>
        <span className="mark">{stage.outcome === 'ok' ? '✓' : stage.outcome === 'fail' ? '✕' : '–'}</span>
        <div>
          <div className="what">{STAGE_TITLES[stage.name] ?? stage.name}</div>
          <div className="summary">{stage.summary}</div>
        </div>
        <span className="time">{stage.durationMs.toFixed(1)} ms</span>
        {extra}
      </div>
    );
  });
  // Anything the stages did not place (e.g. an authorizer without its own stage) still gets shown.
  const leftovers: ReactNode[] = [];
  if (frontend && !shown.has('frontend')) leftovers.push(<Block key="fa" title="Custom authorizer"><AuthorizerRun run={frontend} onFlushCache={onFlushCache && (() => onFlushCache(frontend.authorizerId))} /></Block>);
  if (backendAuth && !shown.has('backendAuth')) leftovers.push(<Block key="ba" title="Backend authorizer"><AuthorizerRun run={backendAuth} /></Block>);
  if (trace.backend && !shown.has('params')) leftovers.push(<Block key="pm" title="Backend parameters"><ParamMapping params={trace.backend.params} /></Block>);
  if (showResponse && !shown.has('response'))
    leftovers.push(
      <Block key="resp" title={`Response to the client: ${trace.response.status}`}>
        <div className="stack" data-testid="trace-response">
          <KvTable record={trace.response.headers} />
          {trace.response.body !== undefined ? <JsonBlock value={trace.response.body} testId="trace-response-body" /> : <div className="muted">(empty body)</div>}
          {trace.response.bodyTruncated && <div className="muted">The body is cut at the trace size limit.</div>}
        </div>
      </Block>,
    );
  if (trace.backend && !shown.has('backend')) leftovers.push(<Block key="bc" title="Backend call"><BackendCall backend={trace.backend} /></Block>);

  return (
    <div className="trace" data-testid="trace-view">
      <div className="row" style={{ paddingBottom: 8 }}>
        <MethodBadge method={trace.request.method} />
        <span className="mono url-text">{trace.request.url}</span>
        <span className="grow" />
        {trace.apiName && <span className="badge">{trace.apiName}</span>}
        {trace.env && <span className="badge">{trace.env}</span>}
        {trace.response.errorCode && <span className="badge err">{trace.response.errorCode}</span>}
        <span className="muted">{trace.totalMs.toFixed(1)} ms</span>
      </div>
      <Headline headline={headline} />
      <TimeBar trace={trace} />
      {steps}
      {leftovers}
      {trace.fidelityNotes.length > 0 && (
        <div className="note warn" style={{ marginTop: 8 }}>
          Where APIG's behaviour is not documented, the workbench chose:
          <ul>
            {trace.fidelityNotes.map((n, i) => (
              <li key={i}>{n}</li>
            ))}
          </ul>
        </div>
      )}
      <div className="muted" style={{ marginTop: 8 }}>
        X-Request-Id <span className="mono">{trace.requestId}</span> · {new Date(trace.startedAt).toLocaleString()} · from {trace.request.sourceIp}
      </div>
    </div>
  );
}

function Block({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="trace-step ok">
      <span className="mark">·</span>
      <div className="what">{title}</div>
      <span />
      <div className="detail">{children}</div>
    </div>
  );
}

/** Time per stage as one proportional bar of the request's total, so the slow stage (or a gap) stands out. */
function TimeBar({ trace }: { trace: TraceRecord }) {
  const segments = timeSegments(trace);
  if (segments.length === 0) return null;
  const swatch = (s: TimeSegment) => (s.color ? { background: s.color } : undefined);
  return (
    <div className="stack" style={{ gap: 4, paddingBottom: 4 }}>
      <div className="timebar">
        {segments.map((s, i) => (
          <span key={i} className={s.color ? undefined : 'between'} title={`${s.label}: ${msText(s.ms)}${s.color ? '' : ` (${BETWEEN_HINT})`}`} style={{ width: `${s.share * 100}%`, ...swatch(s) }} />
        ))}
      </div>
      <div className="row" style={{ fontSize: 11, gap: '2px 12px' }}>
        {segments.map((s, i) => s.share < 0.02 ? null : (
          <span key={i} className="muted" title={s.color ? undefined : BETWEEN_HINT}>
            <span className={`timebar-swatch${s.color ? '' : ' between'}`} style={swatch(s)} />
            {s.label} {msText(s.ms)}
          </span>
        ))}
      </div>
    </div>
  );
}

/** A short time with the digits that matter: 0.03 ms, 1.2 ms, 25 ms. */
function msText(ms: number): string {
  return `${ms.toFixed(ms >= 10 ? 0 : ms >= 1 ? 1 : 2)} ms`;
}

/** What the time between stages is, for its tooltip. */
const BETWEEN_HINT = 'waiting for the event loop, the client or the answer to be written; on the first request after a start, also compiling code';
