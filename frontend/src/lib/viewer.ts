import { useQuery } from 'urql';
import { graphql } from '../gql';

// What the signed-in user may do, as the API says (Query.viewer): the
// dashboard shows a control only when the API would accept its use. Per
// record, the pages ask the record itself (Account.viewerCanUpdate,
// Contact.viewerCanUpdate); this is the role's answer for the whole app.
export const ViewerQuery = graphql(/* GraphQL */ `
  query Viewer {
    viewer {
      kind
      name
      role
      canWrite
      canAdminister
    }
  }
`);

export interface Capabilities {
  role: string | null;
  canWrite: boolean;
  canAdminister: boolean;
}

/** The viewer's capabilities; everything false until the API has answered. */
export function useCapabilities(): Capabilities {
  // One answer per session: the client (and its cache) is made per signed-in user.
  const [res] = useQuery({ query: ViewerQuery, requestPolicy: 'cache-first' });
  const v = res.data?.viewer;
  return { role: v?.role ?? null, canWrite: v?.canWrite ?? false, canAdminister: v?.canAdminister ?? false };
}
