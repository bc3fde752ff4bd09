import { graphql } from '../../gql';

export const PartnerFieldsFragment = graphql(`
  fragment PartnerFields on Partner {
    id
    name
    kind
    email
    phone
    address
    notes
    archived
  }
`);

export const PartnersDocument = graphql(`
  query Partners($kind: PartnerKind, $includeArchived: Boolean!) {
    partners(kind: $kind, includeArchived: $includeArchived) {
      ...PartnerFields
    }
  }
`);

export const CreatePartnerDocument = graphql(`
  mutation CreatePartner($input: PartnerInput!) {
    createPartner(input: $input) {
      ...PartnerFields
    }
  }
`);

export const UpdatePartnerDocument = graphql(`
  mutation UpdatePartner($id: ID!, $input: PartnerInput!) {
    updatePartner(id: $id, input: $input) {
      ...PartnerFields
    }
  }
`);

export const ArchivePartnerDocument = graphql(`
  mutation ArchivePartner($id: ID!) {
    archivePartner(id: $id) {
      id
      archived
    }
  }
`);

export const UnarchivePartnerDocument = graphql(`
  mutation UnarchivePartner($id: ID!) {
    unarchivePartner(id: $id) {
      id
      archived
    }
  }
`);
