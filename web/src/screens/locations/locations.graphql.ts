import { graphql } from '../../gql';

export const LocationsDocument = graphql(`
  query Locations($includeArchived: Boolean!) {
    locations(includeArchived: $includeArchived) {
      id
      name
      address
      archived
    }
  }
`);

export const CreateLocationDocument = graphql(`
  mutation CreateLocation($input: LocationInput!) {
    createLocation(input: $input) {
      id
      name
      address
      archived
    }
  }
`);

export const ArchiveLocationDocument = graphql(`
  mutation ArchiveLocation($id: ID!) {
    archiveLocation(id: $id) {
      id
      archived
    }
  }
`);

export const UnarchiveLocationDocument = graphql(`
  mutation UnarchiveLocation($id: ID!) {
    unarchiveLocation(id: $id) {
      id
      archived
    }
  }
`);
