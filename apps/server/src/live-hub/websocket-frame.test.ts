/** Frames built by hand must be what a WebSocket client decodes, at every length class. */
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { textFrame } from './websocket-frame';

describe('textFrame', () => {
  it('is decoded by a ws client as the same text, for short, medium and long payloads', async () => {
    const server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await once(server, 'listening');
    const connected = once(server, 'connection') as Promise<
      [WebSocket, { socket: import('node:net').Socket }]
    >;
    const client = new WebSocket(`ws://127.0.0.1:${(server.address() as AddressInfo).port}`);
    const [, request] = await connected;
    const texts = ['{"a":1}', 'é'.repeat(100), 'x'.repeat(70_000)];
    const received: string[] = [];
    const all = new Promise<void>((resolve) =>
      client.on('message', (data, isBinary) => {
        expect(isBinary).toBe(false);
        received.push(String(data));
        if (received.length === texts.length) resolve();
      }),
    );
    for (const text of texts) request.socket.write(textFrame(Buffer.from(text)));
    await all;
    expect(received).toEqual(texts);
    client.close();
    server.close();
  });
});
