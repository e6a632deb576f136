import type { CodegenConfig } from '@graphql-codegen/cli';

// Reads the server's schema files (no running server needed) and writes typed
// documents for every graphql(`...`) call in src/ into src/gql/.
const config: CodegenConfig = {
  schema: ['../graph/ent.graphql', '../graph/*.graphqls'],
  documents: ['src/**/*.{ts,tsx}', '!src/gql/**/*'],
  ignoreNoDocuments: true,
  generates: {
    './src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        scalars: { ID: 'string', Time: 'string', Cursor: 'string', Map: 'Record<string, unknown>' },
        avoidOptionals: false,
        skipTypename: false,
      },
    },
  },
};
export default config;
