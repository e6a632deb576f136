import { graphql } from '../../gql';

export const HandoverImpactQuery = graphql(/* GraphQL */ `
  query HandoverImpact($member: ID!) {
    handoverImpact(teamMemberId: $member) {
      teamMember {
        id
        name
      }
      covered
      contacts {
        contact {
          id
          name
          title
          accountID
          account {
            id
            name
          }
        }
        strength
        risk
        others {
          teamMember {
            id
            name
          }
          strength
        }
        accountTeam {
          teamMember {
            id
            name
          }
          contacts
        }
      }
      opportunities {
        id
        name
        stage
        account {
          id
          name
        }
      }
      plans {
        id
        period
        account {
          id
          name
        }
      }
    }
  }
`);

// The member's relationships to hand over (active contacts they cover)
// and the handovers they gave or took, with each one's progress.
export const HandoverMemberQuery = graphql(/* GraphQL */ `
  query HandoverMember($member: ID!) {
    node(id: $member) {
      __typename
      ... on TeamMember {
        id
        name
        coverages(first: 500, where: { hasContactWith: [{ status: ACTIVE }] }) {
          edges {
            node {
              id
              strength
              contact {
                id
                name
                account {
                  id
                  name
                }
              }
            }
          }
        }
        handovers {
          id
          handedOverAt
          note
          account {
            id
            name
          }
          predecessor {
            id
            name
          }
          successor {
            id
            name
          }
          progress {
            contacts
            met
            introductionsPlanned
            introductionsDone
            complete
          }
          items {
            id
            predecessorStrength
            successorStrength
            met
            metAt
            contact {
              id
              name
            }
            introduction {
              id
              status
              occurredAt
            }
          }
        }
      }
    }
  }
`);

export const HandoverMutation = graphql(/* GraphQL */ `
  mutation Handover($input: HandoverInput!) {
    handover(input: $input) {
      id
      account {
        id
        name
      }
      items {
        id
      }
    }
  }
`);
