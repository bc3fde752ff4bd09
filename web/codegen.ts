import type { CodegenConfig } from '@graphql-codegen/cli';

// `CODEGEN_OUT` lets `codegen:check` generate into a temporary folder and compare.
const out = process.env.CODEGEN_OUT ?? './src/gql/';

const config: CodegenConfig = {
  schema: '../schema.graphql',
  documents: ['src/**/*.{ts,tsx}', '!src/gql/**/*'],
  ignoreNoDocuments: false,
  generates: {
    [out]: {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        enumsAsTypes: true,
        useTypeImports: true,
        skipTypename: false,
        strictScalars: true,
        scalars: {
          DateTime: 'string',
          Date: 'string',
          Quantity: 'string',
          Money: 'string',
          Percent: 'string',
        },
      },
    },
  },
};

export default config;
