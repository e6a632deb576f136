import { graphql } from '../../gql';

// What the graph renderer draws, from the engine's stakeholderGraph and
// introductionPaths queries.
export const EngineNodeFields = graphql(/* GraphQL */ `
  fragment EngineNodeFields on GraphNode {
    id
    type
    label
    depth
    accountId
    title
    department
    seniority
    decisionRole
    attitude
    influence
    status
    teamRole
    roles {
      accountId
      title
      decisionRole
      influence
    }
  }
`);

export const EngineEdgeFields = graphql(/* GraphQL */ `
  fragment EngineEdgeFields on GraphEdge {
    id
    source
    target
    type
    kind
    strength
    suggested
    confidence
  }
`);

export const StakeholderGraphQuery = graphql(/* GraphQL */ `
  query StakeholderGraph($accountId: ID!, $depth: Int, $subs: Boolean, $asOf: Time, $suggest: Boolean) {
    stakeholderGraph(accountId: $accountId, depth: $depth, includeSubsidiaries: $subs, asOf: $asOf, maxNodes: 2000, includeSuggestions: $suggest) {
      truncated
      nodes {
        ...EngineNodeFields
      }
      edges {
        ...EngineEdgeFields
      }
    }
  }
`);

export const IntroductionPathsQuery = graphql(/* GraphQL */ `
  query IntroductionPaths($to: ID!, $maxHops: Int) {
    introductionPaths(to: $to, maxHops: $maxHops, first: 5) {
      strength
      hops
      description
      nodes {
        id
        label
        type
      }
      edges {
        ...EngineEdgeFields
      }
    }
  }
`);
