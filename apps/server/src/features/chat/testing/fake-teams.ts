/**
 * A local Teams incoming-webhook / Workflows receiver for tests (HTTP on 127.0.0.1, port 0): it
 * records each posted body and checks it as Teams would take it: the `message` envelope with one
 * Adaptive Card attachment, the card checked with ajv against a strict schema of the Adaptive Card
 * 1.4 elements Dexter uses (TextBlock, FactSet, Action.OpenUrl; properties and enums as in
 * `microsoft/AdaptiveCards` `schemas/1.4.0/adaptive-card.json`), no `Action.Submit` (webhooks
 * cannot carry it), and under Teams' ~28 KB message limit. The maintained `adaptivecards`
 * package is not installed here; this schema stands in for its parser.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Ajv } from 'ajv';

const elementBase = {
  id: { type: 'string' },
  isVisible: { type: 'boolean' },
  separator: { type: 'boolean' },
  spacing: {
    enum: [
      'default',
      'none',
      'small',
      'medium',
      'large',
      'extraLarge',
      'padding',
      'Default',
      'None',
      'Small',
      'Medium',
      'Large',
      'ExtraLarge',
      'Padding',
    ],
  },
  height: { enum: ['auto', 'stretch', 'Auto', 'Stretch'] },
};

const cardSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['type', 'version', 'body'],
  properties: {
    $schema: { type: 'string' },
    type: { const: 'AdaptiveCard' },
    version: { enum: ['1.0', '1.1', '1.2', '1.3', '1.4'] },
    body: {
      type: 'array',
      items: {
        oneOf: [
          {
            type: 'object',
            additionalProperties: false,
            required: ['type', 'text'],
            properties: {
              ...elementBase,
              type: { const: 'TextBlock' },
              text: { type: 'string', minLength: 1 },
              color: { enum: ['Default', 'Dark', 'Light', 'Accent', 'Good', 'Warning', 'Attention'] },
              fontType: { enum: ['Default', 'Monospace'] },
              horizontalAlignment: { enum: ['Left', 'Center', 'Right'] },
              isSubtle: { type: 'boolean' },
              maxLines: { type: 'number' },
              size: { enum: ['Default', 'Small', 'Medium', 'Large', 'ExtraLarge'] },
              weight: { enum: ['Default', 'Lighter', 'Bolder'] },
              wrap: { type: 'boolean' },
              style: { enum: ['default', 'heading'] },
            },
          },
          {
            type: 'object',
            additionalProperties: false,
            required: ['type', 'facts'],
            properties: {
              ...elementBase,
              type: { const: 'FactSet' },
              facts: {
                type: 'array',
                items: {
                  type: 'object',
                  additionalProperties: false,
                  required: ['title', 'value'],
                  properties: { title: { type: 'string' }, value: { type: 'string' } },
                },
              },
            },
          },
        ],
      },
    },
    actions: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['type', 'url'],
        properties: {
          type: { const: 'Action.OpenUrl' },
          url: { type: 'string', pattern: '^https?://' },
          title: { type: 'string' },
          id: { type: 'string' },
          style: { enum: ['default', 'positive', 'destructive'] },
        },
      },
    },
  },
};

const envelopeSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['type', 'attachments'],
  properties: {
    type: { const: 'message' },
    attachments: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['contentType', 'content'],
        properties: {
          contentType: { const: 'application/vnd.microsoft.card.adaptive' },
          contentUrl: { type: 'null' },
          content: cardSchema,
        },
      },
    },
  },
};

export interface TeamsPost {
  body: unknown;
  errors: string[];
}

const TEAMS_MAX_BYTES = 28 * 1024;

const validate = new Ajv({ allErrors: true, strict: false }).compile(envelopeSchema);

/** What Teams would refuse in a message body (posted, or answered to an outgoing webhook). */
export function teamsMessageErrors(body: unknown): string[] {
  return validate(body)
    ? []
    : (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message}`);
}

export async function startFakeTeams() {
  const posts: TeamsPost[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const raw = Buffer.concat(chunks);
      const errors: string[] = [];
      if (raw.length > TEAMS_MAX_BYTES) errors.push('Request entity too large');
      let body: unknown = null;
      try {
        body = JSON.parse(raw.toString('utf8'));
        errors.push(...teamsMessageErrors(body));
      } catch {
        errors.push('not JSON');
      }
      posts.push({ body, errors });
      response.statusCode = errors.length > 0 ? 400 : 200;
      response.end(errors.length > 0 ? errors.join('; ') : '1');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/workflows/dexter`,
    posts,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export type FakeTeams = Awaited<ReturnType<typeof startFakeTeams>>;
