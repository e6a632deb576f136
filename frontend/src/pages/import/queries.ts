import { graphql } from '../../gql';

// The server guesses the mapping (the same guesser as `rapport import
// contacts --guess-mapping`) and maps the cells: the page holds no rules.
export const ImportMappingGuessQuery = graphql(/* GraphQL */ `
  query ImportMappingGuess($header: [String!]!) {
    importMappingGuess(header: $header) {
      columns { source field ignored }
      fields { name required values }
    }
  }
`);

export const ImportContactTable = graphql(/* GraphQL */ `
  mutation ImportContactTable($input: ImportTableInput!) {
    importContactTable(input: $input) {
      applied
      totals { rows created updated unchanged errors relationsCreated relationsUpdated }
      rows { row externalID status code field reason }
    }
  }
`);
