import { graphql } from '../gql';

export const NewOrganizationDocument = graphql(`
  mutation NewOrganization($input: CreateOrganizationInput!) {
    createOrganization(input: $input) {
      id
      name
    }
  }
`);
