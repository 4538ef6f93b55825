/**
 * Lays the service graph out with ELK's layered algorithm (callers left, callees right, edges
 * routed orthogonally around nodes, each edge's label placed by ELK on its route) and returns
 * what the SVG draws: node boxes, edge polylines and label boxes in one coordinate space.
 * elkjs loads on first use, in its own chunk.
 */
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api';
import { formatMs, formatPercent, type ServiceGraph } from './performance-queries';

export const NODE_WIDTH = 180;
export const NODE_HEIGHT = 64;
const LABEL_HEIGHT = 18;
const CHAR_WIDTH = 6.6;

export interface PlacedNode {
  id: string;
  x: number;
  y: number;
  node: ServiceGraph['nodes'][number];
}

export interface PlacedEdge {
  id: string;
  points: Array<{ x: number; y: number }>;
  label: { text: string; x: number; y: number; width: number; height: number } | null;
  edge: ServiceGraph['edges'][number];
}

export interface GraphLayout {
  width: number;
  height: number;
  nodes: PlacedNode[];
  edges: PlacedEdge[];
}

export const edgeLabelOf = (edge: ServiceGraph['edges'][number]) =>
  `${edge.calls} calls · ${formatPercent(edge.errorRate, 0)} errors · p95 ${formatMs(edge.p95)}`;

/** Green under 1 % failed transactions, amber under 10 %, red from there; grey without data. */
export function errorRateColor(rate: number | null): string {
  if (rate === null) return 'var(--mantine-color-gray-5)';
  if (rate < 0.01) return 'var(--mantine-color-teal-6)';
  if (rate < 0.1) return 'var(--mantine-color-yellow-6)';
  return 'var(--mantine-color-red-6)';
}

export async function layOutServiceGraph(graph: ServiceGraph): Promise<GraphLayout> {
  const { default: ELK } = await import('elkjs/lib/elk.bundled.js');
  const elk = new ELK();
  const edges: ElkExtendedEdge[] = graph.edges.map((edge, i) => {
    const text = edgeLabelOf(edge);
    return {
      id: `e${i}`,
      sources: [edge.source],
      targets: [edge.target],
      labels: [{ id: `l${i}`, text, width: text.length * CHAR_WIDTH, height: LABEL_HEIGHT }],
    };
  });
  const root: ElkNode = {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.edgeRouting': 'ORTHOGONAL',
      'elk.layered.spacing.nodeNodeBetweenLayers': '80',
      'elk.spacing.nodeNode': '48',
      'elk.spacing.edgeLabel': '4',
      'elk.edgeLabels.placement': 'CENTER',
      'elk.padding': '[top=16,left=16,bottom=16,right=16]',
    },
    children: graph.nodes.map((node) => ({ id: node.id, width: NODE_WIDTH, height: NODE_HEIGHT })),
    edges,
  };
  const laid = await elk.layout(root);
  const byId = new Map(graph.nodes.map((node) => [node.id, node]));
  return {
    width: laid.width ?? 0,
    height: laid.height ?? 0,
    nodes: (laid.children ?? []).map((child) => ({
      id: child.id,
      x: child.x ?? 0,
      y: child.y ?? 0,
      node: byId.get(child.id)!,
    })),
    edges: (laid.edges ?? []).map((edge, i) => {
      const section = (edge as ElkExtendedEdge).sections?.[0];
      const points = section ? [section.startPoint, ...(section.bendPoints ?? []), section.endPoint] : [];
      const label = edge.labels?.[0];
      return {
        id: edge.id,
        points,
        label: label
          ? {
              text: label.text ?? '',
              x: label.x ?? 0,
              y: label.y ?? 0,
              width: label.width ?? 0,
              height: label.height ?? 0,
            }
          : null,
        edge: graph.edges[i]!,
      };
    }),
  };
}
