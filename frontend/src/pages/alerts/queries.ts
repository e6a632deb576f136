import { graphql } from '../../gql';

export const AlertInboxQuery = graphql(/* GraphQL */ `
  query AlertInbox($state: AlertUserState, $first: Int, $after: Cursor) {
    alerts(state: $state, first: $first, after: $after) {
      counts { new acknowledged snoozed resolved total }
      edges {
        node {
          id rule severity subjectName subjectType message action path raisedAt clearedAt state snoozedUntil accountID
          paramList { key value }
        }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

export const AlertCountQuery = graphql(/* GraphQL */ `
  query AlertCount {
    alerts(state: NEW, first: 1) { counts { new } }
  }
`);

export const AcknowledgeAlert = graphql(/* GraphQL */ `
  mutation AcknowledgeAlert($id: ID!) { acknowledgeAlert(id: $id) { id state snoozedUntil } }
`);

export const SnoozeAlert = graphql(/* GraphQL */ `
  mutation SnoozeAlert($id: ID!, $until: Time!) { snoozeAlert(id: $id, until: $until) { id state snoozedUntil } }
`);

export const ResolveAlert = graphql(/* GraphQL */ `
  mutation ResolveAlert($id: ID!) { resolveAlert(id: $id) { id state snoozedUntil } }
`);
