import { lazy, Suspense } from 'react';
import type { GraphViewProps } from './GraphView';
import { Skeleton } from '../Skeleton';
import i18n from '../../i18n';

// Cytoscape is loaded only when a graph is shown: it stays out of the main bundle.
const GraphViewImpl = lazy(() => import('./GraphView'));

export function GraphView(props: GraphViewProps) {
  return (
    <Suspense fallback={<Skeleton height={520} label={i18n.t('graph.loadingRenderer')} />}>
      <GraphViewImpl {...props} />
    </Suspense>
  );
}
export type { GraphViewProps };
