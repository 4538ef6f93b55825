/**
 * Lets a replay's styles through Dexter's Content-Security-Policy without `'unsafe-inline'`.
 *
 * The player rebuilds the recorded page in an iframe that inherits the page's policy, which allows
 * `<style>` elements only with the response's nonce. rrweb rebuilds the recorded page's style
 * sheets (`<style>`, and `<link rel=stylesheet>` inlined as `_cssText`) as `<style>` elements, and
 * adds one of its own for its block and pause rules; without the nonce the browser refuses all of
 * them and the replay shows an unstyled page. Giving them the nonce is what the policy means: a
 * style element Dexter's own script creates may apply, one injected into the HTML may not.
 */

type SerializedNode = {
  type?: unknown;
  tagName?: unknown;
  attributes?: Record<string, unknown>;
  childNodes?: SerializedNode[];
};

/** rrweb's event and node kinds (its `EventType`, `IncrementalSource` and `NodeType` enums). */
const FULL_SNAPSHOT = 2;
const INCREMENTAL_SNAPSHOT = 3;
const MUTATION = 0;
const ELEMENT_NODE = 2;

const buildsStyleElement = (node: SerializedNode) =>
  node.type === ELEMENT_NODE &&
  (node.tagName === 'style' || (node.tagName === 'link' && typeof node.attributes?._cssText === 'string'));

function withNonce(node: SerializedNode, nonce: string): SerializedNode {
  const childNodes = node.childNodes?.map((child) => withNonce(child, nonce));
  const attributes = buildsStyleElement(node) ? { ...node.attributes, nonce } : node.attributes;
  return { ...node, ...(attributes ? { attributes } : {}), ...(childNodes ? { childNodes } : {}) };
}

/** The events with the nonce on every style element they rebuild; the input is left as it was. */
export function eventsWithStyleNonce(
  events: Record<string, unknown>[],
  nonce: string,
): Record<string, unknown>[] {
  if (!nonce) return events;
  return events.map((event) => {
    const data = event.data as { node?: SerializedNode; source?: unknown; adds?: { node: SerializedNode }[] };
    if (event.type === FULL_SNAPSHOT && data?.node)
      return { ...event, data: { ...data, node: withNonce(data.node, nonce) } };
    if (event.type === INCREMENTAL_SNAPSHOT && data?.source === MUTATION && Array.isArray(data.adds)) {
      const adds = data.adds.map((add) => ({ ...add, node: withNonce(add.node, nonce) }));
      return { ...event, data: { ...data, adds } };
    }
    return event;
  });
}

/**
 * While a player is mounted, `<style>` elements created through `documents` carry the nonce:
 * rrweb creates its own (for its block and pause rules) through the page's document, or through
 * the player frame's when it rebuilds from its virtual DOM after a seek, with no option to set a
 * nonce. Returns the function that puts every `createElement` back.
 */
export function nonceOnCreatedStyles(nonce: string, documents: Document[]): () => void {
  if (!nonce) return () => {};
  const restores = documents.map((doc) => {
    const original = doc.createElement;
    const patched = function (this: Document, tagName: string, options?: ElementCreationOptions) {
      const element = original.call(this, tagName, options);
      // By name, not `instanceof`: the frame's elements belong to another realm.
      if (element.localName === 'style') (element as HTMLStyleElement).nonce = nonce;
      return element;
    } as typeof doc.createElement;
    doc.createElement = patched;
    return () => {
      if (doc.createElement === patched) doc.createElement = original;
    };
  });
  return () => {
    for (const restore of restores) restore();
  };
}

export const pageStyleNonce = () =>
  document.querySelector<HTMLMetaElement>('meta[name="csp-nonce"]')?.content ?? '';
