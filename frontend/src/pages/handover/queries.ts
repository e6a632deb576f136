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
