import { graphql } from '../../gql';

export const AccountPlanQuery = graphql(/* GraphQL */ `
  query AccountPlanPage($id: ID!, $fiscalYear: Int) {
    node(id: $id) {
      __typename
      ... on Account {
        id
        name
        viewerCanUpdate
        plan(fiscalYear: $fiscalYear) {
          id
          fiscalYear
          title
          summary
          period
          owner {
            id
            name
          }
          progress {
            period
            startsAt
            endsAt
            done
            planned
            overdue
            cancelled
            plannedBudget
            spentBudget
            byMeans {
              key
              planned
              spent
            }
            byQuarter {
              key
              planned
              spent
            }
            objectives {
              objective {
                id
                title
                metric
                target
                dueAt
                contact {
                  id
                  name
                }
                owner {
                  id
                  name
                }
              }
              current
              reached
              overdue
            }
            stakeholders {
              contact {
                id
                name
              }
              strengthAtStart
              strengthToday
              strengthDelta
              attitudeAtStart
              attitudeToday
              attitudeDelta
            }
          }
          risks(first: 100) {
            edges {
              node {
                id
                description
                severity
                mitigation
                owner {
                  id
                  name
                }
              }
            }
          }
          activities(first: 500, orderBy: [{ field: OCCURRED_AT, direction: ASC }]) {
            totalCount
            edges {
              node {
                id
                kind
                subject
                occurredAt
                status
                budgetedCost
                cost
                ownerID
              }
            }
          }
        }
      }
    }
  }
`);

export const CreateAccountPlan = graphql(/* GraphQL */ `
  mutation CreateAccountPlan($input: CreateAccountPlanInput!) {
    createAccountPlan(input: $input) {
      id
    }
  }
`);

export const CreatePlannedActivity = graphql(/* GraphQL */ `
  mutation CreatePlannedActivity($input: CreateInteractionInput!) {
    createInteraction(input: $input) {
      id
    }
  }
`);

export const CreateObjective = graphql(/* GraphQL */ `
  mutation CreateObjective($input: CreateObjectiveInput!) {
    createObjective(input: $input) {
      id
    }
  }
`);

export const CompleteActivity = graphql(/* GraphQL */ `
  mutation CompleteActivity($id: ID!, $cost: Float) {
    completeActivity(id: $id, cost: $cost) {
      id
      status
    }
  }
`);

export const CancelActivity = graphql(/* GraphQL */ `
  mutation CancelActivity($id: ID!) {
    cancelActivity(id: $id) {
      id
      status
    }
  }
`);

// The plan's progress in the account brief: the counts, the budget and the objectives.
export const BriefPlanQuery = graphql(/* GraphQL */ `
  query BriefPlan($id: ID!) {
    node(id: $id) {
      __typename
      ... on Account {
        id
        plan {
          id
          period
          progress {
            done
            planned
            overdue
            cancelled
            plannedBudget
            spentBudget
            objectives {
              objective {
                id
                title
              }
              reached
              overdue
            }
          }
        }
      }
    }
  }
`);
