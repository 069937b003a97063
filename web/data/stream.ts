/**
 * GET /api/v1/stream read with fetch (EventSource cannot send the token):
 * calls back on each evaluation and on each plan reload (the metrics may have
 * changed: pages refetch them), and reconnects after a pause when the
 * connection drops. Returns a function that stops it.
 */
import { authHeaders } from './api.js';
import { SseParser } from '../lib/sse.js';

export function followEvaluations(onEvaluation: () => void, onState: (live: boolean) => void): () => void {
  const controller = new AbortController();
  let stopped = false;
  const connect = async (): Promise<void> => {
    while (!stopped) {
      try {
        const response = await fetch('/api/v1/stream', { headers: authHeaders(), signal: controller.signal });
        if (!response.ok || !response.body) throw new Error(`stream answered ${response.status}`);
        onState(true);
        const parser = new SseParser();
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          for (const event of parser.push(value)) if (event.event === 'evaluation' || event.event === 'plan') onEvaluation();
        }
      } catch {
        // Dropped or refused: say so, wait, and try again.
      }
      if (stopped) return;
      onState(false);
      await new Promise((resolve) => setTimeout(resolve, 5000));
    }
  };
  void connect();
  return () => {
    stopped = true;
    controller.abort();
  };
}
