import { graphql } from '../../gql';

// The group view of an account with subsidiaries (internal/rollup).
export const AccountGroupQuery = graphql(/* GraphQL */ `
  query AccountGroup($id: ID!) {
    node(id: $id) {
      __typename
      ... on Account {
        id
        group {
          health
          layers {
            key {
              value
            }
            broad {
              value
            }
            organizational {
              value
            }
          }
          members {
            account {
              id
              name
              health {
                score
              }
              gapSummary {
                count
              }
            }
            depth
            pairings
            keyContacts
            keyCovered
            singleThreaded
            layers {
              key {
                value
              }
              broad {
                value
              }
              organizational {
                value
              }
            }
          }
          gaps {
            kind
            account {
              id
              name
            }
            explanation
          }
        }
      }
    }
  }
`);
