/**
 * The backend answer reader, driven by undici's dispatch events from a stand-in controller: small
 * answers are read whole, a large one streams with backpressure to the backend, and aborts (the
 * deadline, the client going away) reach undici. Real sockets are in backends / large-responses.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Dispatcher } from 'undici';
import { describe, expect, it } from 'vitest';
import { AnswerReader, StreamTimeoutError } from '../../src-main/gateway/backends/answer-reader';

/** What undici's controller was asked to do. */
class StandInController {
  paused = false;
  pauses = 0;
  resumes = 0;
  abortedWith: Error | undefined;
  pause(): void {
    this.paused = true;
    this.pauses++;
  }
  resume(): void {
    this.paused = false;
    this.resumes++;
  }
  abort(reason: Error): void {
    this.abortedWith ??= reason;
  }
  get aborted(): boolean {
    return this.abortedWith !== undefined;
  }
  get reason(): Error | null {
    return this.abortedWith ?? null;
  }
}

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function started(threshold: number, headers: Record<string, string> = {}) {
  const reader = new AnswerReader(threshold, 5000);
  const controller = new StandInController();
  const c = controller as unknown as Dispatcher.DispatchController;
  reader.onRequestStart(c);
  reader.onResponseStart(c, 200, headers);
  return { reader, controller, c };
}

describe('backend answer reader', () => {
  it('reads an answer within the threshold whole, and never makes a stream for it', async () => {
    const { reader, c } = started(16, { 'content-length': '10' });
    reader.onResponseData(c, Buffer.from('hello'));
    reader.onResponseData(c, Buffer.from('world'));
    reader.onResponseEnd();
    const answer = await reader.answer;
    expect(answer.status).toBe(200);
    expect(answer.body.toString()).toBe('helloworld');
    expect(answer.rest).toBeUndefined();
  });

  it('lets go of undici\'s controller (and the request it holds) once the answer has ended, though the reader is still held', async () => {
    const begin = () => {
      const { reader, controller, c } = started(16);
      reader.onResponseData(c, Buffer.from('ok'));
      reader.onResponseEnd();
      return { reader, controller: new WeakRef(controller) };
    };
    const { reader, controller } = begin();
    expect((await reader.answer).body.toString()).toBe('ok');
    // A weak reference holds its target until the current job ends.
    await nextTurn();
    gc();
    expect(controller.deref()).toBeUndefined();
  });

  it('past the threshold hands over what came so far and streams the rest, pausing the backend while the client does not read', async () => {
    const { reader, controller, c } = started(8);
    reader.onResponseData(c, Buffer.from('12345'));
    reader.onResponseData(c, Buffer.from('67890'));
    const answer = await reader.answer;
    expect(answer.body.toString()).toBe('1234567890');
    const rest = answer.rest!;
    // Nobody reads: once the stream's buffer is full the backend is held.
    const big = Buffer.alloc(64 * 1024, 'x');
    for (let i = 0; i < 4 && !controller.paused; i++) reader.onResponseData(c, big);
    expect(controller.pauses).toBe(1);
    const received: Buffer[] = [];
    rest.on('data', (chunk: Buffer) => received.push(chunk));
    await new Promise((resolve) => setImmediate(resolve));
    expect(controller.resumes).toBeGreaterThan(0);
    reader.onResponseData(c, Buffer.from('end'));
    reader.onResponseEnd();
    await new Promise((resolve) => rest.once('end', resolve));
    expect(Buffer.concat(received).toString().endsWith('end')).toBe(true);
    expect(controller.aborted).toBe(false);
  });

  it('a stream the client no longer wants stops the backend call', async () => {
    const { reader, controller, c } = started(4);
    reader.onResponseData(c, Buffer.from('too long'));
    const { rest } = await reader.answer;
    rest!.destroy();
    expect(controller.abortedWith).toBeInstanceOf(Error);
  });

  it('the deadline ends a streaming answer with an error that says so', async () => {
    const { reader, controller, c } = started(4);
    reader.onResponseData(c, Buffer.from('too long'));
    const { rest } = await reader.answer;
    reader.expire();
    expect(controller.abortedWith).toBeInstanceOf(StreamTimeoutError);
    // undici reports the abort back as the call's error; the stream ends with it.
    const failed = new Promise<Error>((resolve) => rest!.once('error', resolve));
    reader.onResponseError(c, controller.abortedWith!);
    expect(await failed).toBeInstanceOf(StreamTimeoutError);
  });

  it('a deadline that passes before undici started the call is applied as soon as it does', async () => {
    const reader = new AnswerReader(16, 300);
    reader.expire();
    const controller = new StandInController();
    reader.onRequestStart(controller as unknown as Dispatcher.DispatchController);
    expect(controller.abortedWith?.message).toBe('no complete answer within 300 ms');
    reader.onResponseError(controller as unknown as Dispatcher.DispatchController, controller.abortedWith!);
    await expect(reader.answer).rejects.toThrow('no complete answer within 300 ms');
  });
});
