import { graphql } from '../../gql';

export const TierPoliciesQuery = graphql(/* GraphQL */ `
  query TierPolicies {
    tierPolicies {
      tier effectiveFrom defaultDays minCoverageStrength minCoverageThreads executivePairingRequired budgetShare note stored createdAt
      cadence { decisionRole seniority days }
    }
  }
`);

export const CreateTierPolicy = graphql(/* GraphQL */ `
  mutation CreateTierPolicy($input: TierPolicyInput!) {
    createTierPolicy(input: $input) { tier effectiveFrom stored }
  }
`);
