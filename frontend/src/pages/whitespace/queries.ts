import { graphql } from '../../gql';

export const WhitespaceGridQuery = graphql(/* GraphQL */ `
  query WhitespaceGrid($where: WhitespaceWhereInput) {
    whitespaceGrid(where: $where, includeSubsidiaries: true) {
      offerings {
        id
        name
        category
      }
      rows {
        account {
          id
          name
          tier
        }
        cells {
          offeringID
          known
          status
          currentRevenue
          potential
          whitespace
          subsidiariesWhitespace
          currentNeed
          needMet
          futureNeed
        }
        currentRevenue
        whitespace
        groupWhitespace
      }
      columns {
        offering {
          id
        }
        currentRevenue
        whitespace
      }
      totalCurrentRevenue
      totalWhitespace
    }
  }
`);
