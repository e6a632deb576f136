import { graphql } from '../../gql';

// Cadence marks (issue 17): who of the account and its subsidiaries is
// overdue under their account's tier policy. Asked once the account (with
// its subsidiaries) is known, by their IDs: a filter through the accounts'
// parent edge made both databases walk every contact (300 ms at scale L).
export const AccountCadenceQuery = graphql(/* GraphQL */ `
  query AccountCadence($accounts: [ID!]!) {
    contacts(first: 1000, where: { accountIDIn: $accounts }) {
      edges {
        node {
          id
          overdue
          dueAt
        }
      }
    }
  }
`);

export const AccountGraphQuery = graphql(/* GraphQL */ `
  query AccountGraph($id: ID!) {
    # The complaint trend beside the health's complaints component (issue 16).
    complaintTrend(accountId: $id) {
      months {
        month
        opened
        resolved
        open
      }
      openNow
      overdueNow
      averageResponseHours
      withinTarget
    }
    node(id: $id) {
      __typename
      ... on Account {
        id
        name
        tier
        segment
        industry
        region
        annualRevenue
        potentialValue
        lifecycleStage
        loyaltyStage
        abcClass
        clvQuadrant
        recommendedTier
        viewerCanUpdate
        health {
          score
          components {
            name
            value
            weight
            explanation
          }
        }
        parent {
          id
          name
        }
        subsidiaries(first: 50) {
          totalCount
          edges {
            node {
              id
              name
            }
          }
        }
        opportunities(first: 50, orderBy: [{ field: AMOUNT, direction: DESC }]) {
          edges {
            node {
              id
              name
              stage
              amount
              decisionChain {
                ...DecisionChainFields
              }
            }
          }
        }
      }
    }
  }
`);

export const CoverageGapsQuery = graphql(/* GraphQL */ `
  query CoverageGaps($accountId: ID!, $staleDays: Int) {
    coverageGaps(accountId: $accountId, staleDays: $staleDays) {
      kind
      severity
      reason
      suggestion
      contact {
        id
        name
      }
      opportunity {
        id
        name
      }
    }
  }
`);

export const TeamMembersQuery = graphql(/* GraphQL */ `
  query TeamMembers {
    teamMembers(first: 500, orderBy: [{ field: NAME }], where: { active: true }) {
      edges {
        node {
          id
          name
          teamRole
        }
      }
    }
  }
`);

/** Types whose changes make the account graph stale (document cache invalidation). */
export const GRAPH_TYPENAMES = ['Contact', 'ContactRelation', 'Coverage', 'DecisionChainLink', 'Interaction', 'Opportunity', 'TeamMember', 'Account'];

/** A stable context object: urql re-executes a query when its context changes identity. */
export const GRAPH_CONTEXT = { additionalTypenames: GRAPH_TYPENAMES };

// The power/interest grid and what changed in a window: the power map and
// What changed cards.

export const PowerMapQuery = graphql(/* GraphQL */ `
  query PowerMap($accountId: ID!) {
    powerMap(accountId: $accountId) {
      support
      stakeholders {
        contact {
          id
          name
          title
        }
        influence
        interest
        attitude
        quadrant
      }
    }
  }
`);

export const GraphDiffQuery = graphql(/* GraphQL */ `
  query GraphDiff($accountId: ID!, $from: Time!, $to: Time!) {
    graphDiff(accountId: $accountId, from: $from, to: $to) {
      joined {
        id
        name
        createdAt
      }
      left {
        id
        name
        leftAt
      }
      attitudeShifts {
        contact {
          id
          name
        }
        before
        after
        at
      }
      relationsAdded {
        ...DiffRelation
      }
      relationsEnded {
        ...DiffRelation
      }
      coveragesAdded {
        id
        strength
        createdAt
        teamMember {
          id
          name
        }
        contact {
          id
          name
        }
      }
      coveragesEnded {
        contact {
          id
          name
        }
        teamMember {
          id
          name
        }
        strength
        at
      }
      strengthChanges {
        relation {
          id
          kind
          from {
            id
            name
          }
          to {
            id
            name
          }
        }
        coverage {
          id
          teamMember {
            id
            name
          }
          contact {
            id
            name
          }
        }
        before
        after
        at
      }
    }
  }
`);

export const DiffRelation = graphql(/* GraphQL */ `
  fragment DiffRelation on ContactRelation {
    id
    kind
    strength
    validFrom
    validTo
    from {
      id
      name
    }
    to {
      id
      name
    }
  }
`);

// Who on this account (or its direct subsidiaries) matches a name or its
// pinyin: the server's search (ContactWhereInput.search) so the dashboard
// and the API agree on what "zw" finds.
export const PeopleSearchQuery = graphql(/* GraphQL */ `
  query AccountPeopleSearch($accountId: ID!, $q: String!) {
    contacts(first: 1000, where: { search: $q, hasAccountWith: [{ or: [{ id: $accountId }, { hasParentWith: [{ id: $accountId }] }] }] }) {
      totalCount
      edges {
        node {
          id
        }
      }
    }
  }
`);
