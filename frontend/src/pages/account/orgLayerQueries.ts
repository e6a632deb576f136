import { graphql } from '../../gql';

/** The organizational layer and the value history of one account. */
export const AccountOrgLayerQuery = graphql(/* GraphQL */ `
  query AccountOrgLayer($id: ID!) {
    node(id: $id) {
      __typename
      ... on Account {
        id
        tier
        loyaltyStage
        lifecycleStage
        tierRecommendation {
          tier
          recordedTier
          recordedReason
          agrees
          basis
          score
          reasons
        }
        valueAssessments(first: 10, orderBy: [{ field: ASSESSED_AT, direction: DESC }]) {
          edges {
            node {
              id
              assessedAt
              score
              recommendedTier
              note
              assessedBy { id name }
              criteria { criterion group score weight points }
            }
          }
        }
        stageChanges(first: 30, orderBy: { field: CHANGED_AT, direction: DESC }) {
          edges { node { id ladder fromStage toStage changedAt } }
        }
        engagements(first: 20, orderBy: [{ field: STARTS_AT, direction: DESC }]) {
          edges {
            node {
              id
              kind
              name
              status
              startsAt
              endsAt
              notes
              owners(first: 5) { edges { node { id name } } }
              customerOwners(first: 5) { edges { node { id name title } } }
            }
          }
        }
        executivePairings(first: 20) {
          edges {
            node {
              id
              status
              since
              teamMember { id name }
              contact { id name title }
              health { lastMetAt daysSinceMet meetingsLastYear strength score state explanation }
            }
          }
        }
      }
    }
  }
`);
