// Live updates over GraphQL-over-SSE: the account page subscribes to
// graphChanged and refetches when a colleague changes the account.
import { useEffect, useRef } from 'react';
import { csrfHeader } from './auth';

const SUBSCRIPTION = `subscription Live($accountId: ID!) { graphChanged(accountId: $accountId) { entityType action } }`;

/** Splits an SSE stream into its events' data fields. */
export function sseEvents(buffer: string): { events: { event: string; data: string }[]; rest: string } {
  const events: { event: string; data: string }[] = [];
  const parts = buffer.split('\n\n');
  const rest = parts.pop() ?? '';
  for (const part of parts) {
    let event = 'message';
    const data: string[] = [];
    for (const line of part.split('\n')) {
      if (line.startsWith('event:')) event = line.slice(6).trim();
      else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
    }
    if (data.length) events.push({ event, data: data.join('\n') });
  }
  return { events, rest };
}

/**
 * Calls onChange whenever the account's stakeholder graph changes on the
 * server (by anyone), with the calls of a burst folded into one.
 * Reconnects after a dropped stream.
 */
export function useGraphChanged(accountId: string | undefined, onChange: () => void): void {
  const cb = useRef(onChange);
  cb.current = onChange;
  useEffect(() => {
    if (!accountId) return undefined;
    const abort = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const fire = () => {
      clearTimeout(timer);
      timer = setTimeout(() => cb.current(), 300);
    };
    const connect = async (): Promise<void> => {
      while (!abort.signal.aborted) {
        try {
          const res = await fetch('/graphql', {
            method: 'POST',
            credentials: 'same-origin',
            signal: abort.signal,
            headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...csrfHeader() },
            body: JSON.stringify({ query: SUBSCRIPTION, variables: { accountId } }),
          });
          if (!res.ok || !res.body) throw new Error(`status ${res.status}`);
          const reader = res.body.getReader();
          const decoder = new TextDecoder();
          let buffer = '';
          for (;;) {
            const { done, value } = await reader.read();
            if (done) break;
            const parsed = sseEvents(buffer + decoder.decode(value, { stream: true }));
            buffer = parsed.rest;
            if (parsed.events.some((e) => e.event === 'next')) fire();
          }
        } catch {
          if (abort.signal.aborted) return;
        }
        await new Promise((r) => setTimeout(r, 3000)); // then reconnect
      }
    };
    void connect();
    return () => {
      abort.abort();
      clearTimeout(timer);
    };
  }, [accountId]);
}
